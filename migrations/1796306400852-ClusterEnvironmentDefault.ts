import { MigrationInterface, QueryRunner } from 'typeorm';

/** An environment label's value, where it is a DNS label as an environment must be (see environmentOf). */
const labelled = (key: string) =>
  `CASE WHEN labels->>'${key}' ~ '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$' THEN labels->>'${key}' END`;

/**
 * Clusters registered without an environment get the one registration now gives them: their environment
 * label, else `default`. The down migration keeps the values (an empty environment is no longer written).
 */

export class ClusterEnvironmentDefault1796306400852 implements MigrationInterface {
  name = 'ClusterEnvironmentDefault1796306400852';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "clusters" ALTER COLUMN "environment" SET DEFAULT \'default\'');
    await queryRunner.query(
      `UPDATE "clusters"
       SET "environment" = COALESCE(${labelled('fleetplane.io/environment')}, ${labelled('environment')}, 'default'),
           "version" = "version" + 1, "updated_at" = now()
       WHERE "environment" = ''`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "clusters" ALTER COLUMN "environment" SET DEFAULT \'\'');
  }
}
