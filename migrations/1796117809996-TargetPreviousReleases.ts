import { MigrationInterface, QueryRunner } from 'typeorm';

export class TargetPreviousReleases1796117809996 implements MigrationInterface {
  name = 'TargetPreviousReleases1796117809996';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "deployment_targets" ADD "previous_release_id" uuid');
    // Until now one previous release stood for every target of a deployment.
    await queryRunner.query(
      'UPDATE "deployment_targets" t SET "previous_release_id" = d."previous_release_id" FROM "deployments" d WHERE d."id" = t."deployment_id"',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "deployment_targets" DROP COLUMN "previous_release_id"');
  }
}
