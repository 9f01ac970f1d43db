import { MigrationInterface, QueryRunner } from 'typeorm';

export class Tenancy1796301685833 implements MigrationInterface {
  name = 'Tenancy1796301685833';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "namespace_claims" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "namespace" character varying(63) NOT NULL, "cluster_id" uuid, "application_id" uuid NOT NULL, "team" character varying(63) NOT NULL, "granted_by" character varying(100) NOT NULL, "granted_by_team" character varying(63) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_31d318ede3ef93a1da52d44b262" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_namespace_claims_team_created" ON "namespace_claims" ("team", "created_at", "id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_namespace_claims_application" ON "namespace_claims" ("application_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_namespace_claims_cluster" ON "namespace_claims" ("namespace", "cluster_id", "application_id") WHERE "cluster_id" IS NOT NULL',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_namespace_claims_fleet_wide" ON "namespace_claims" ("namespace", "application_id") WHERE "cluster_id" IS NULL',
    );
    await queryRunner.query(
      'CREATE TABLE "cluster_scoped_kinds" ("team" character varying(63) NOT NULL, "allowed_kinds" jsonb NOT NULL DEFAULT \'[]\', "updated_by" character varying(100) NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3af7c468a20195447d3288720b4" PRIMARY KEY ("team"))',
    );
    await queryRunner.query(
      'ALTER TABLE "namespace_claims" ADD CONSTRAINT "fk_namespace_claims_application" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "cluster_scoped_kinds" ADD CONSTRAINT "fk_cluster_scoped_kinds_team" FOREIGN KEY ("team") REFERENCES "teams"("name") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    // Every application so far claims its default namespace on every cluster, as a new one will.
    await queryRunner.query(`INSERT INTO "namespace_claims" ("namespace", "cluster_id", "application_id", "team", "granted_by", "granted_by_team")
      SELECT "default_namespace", NULL, "id", "team", 'migration', "team" FROM "applications"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "cluster_scoped_kinds" DROP CONSTRAINT "fk_cluster_scoped_kinds_team"');
    await queryRunner.query('ALTER TABLE "namespace_claims" DROP CONSTRAINT "fk_namespace_claims_application"');
    await queryRunner.query('DROP TABLE "cluster_scoped_kinds"');
    await queryRunner.query('DROP INDEX "public"."uq_namespace_claims_fleet_wide"');
    await queryRunner.query('DROP INDEX "public"."uq_namespace_claims_cluster"');
    await queryRunner.query('DROP INDEX "public"."idx_namespace_claims_application"');
    await queryRunner.query('DROP INDEX "public"."idx_namespace_claims_team_created"');
    await queryRunner.query('DROP TABLE "namespace_claims"');
  }
}
