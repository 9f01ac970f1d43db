import { MigrationInterface, QueryRunner } from 'typeorm';

export class Promotions1796400000000 implements MigrationInterface {
  name = 'Promotions1796400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "environments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "team" character varying(63) NOT NULL, "name" character varying(63) NOT NULL, "placement" jsonb NOT NULL, "strategy" jsonb NOT NULL, "freeze_windows" jsonb NOT NULL DEFAULT \'[]\', "bindings_environment" character varying(63) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_ec32d12469ec3c2f2f20c4f5e71" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_environments_team_created" ON "environments" ("team", "created_at", "id") ',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "uq_environments_team_name" ON "environments" ("team", "name") ');
    await queryRunner.query(
      'CREATE TABLE "environment_releases" ("environment_id" uuid NOT NULL, "application_id" uuid NOT NULL, "release_id" uuid NOT NULL, "promotion_id" uuid, "pinned" boolean NOT NULL DEFAULT false, "pinned_by" character varying(120), "pin_reason" text, "pinned_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a7287a13c05e2ab1d3dd5ad0305" PRIMARY KEY ("environment_id", "application_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_environment_releases_application" ON "environment_releases" ("application_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "pipelines" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "application_id" uuid NOT NULL, "stages" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_e38ea171cdfad107c1f3db2c036" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "uq_pipelines_application" ON "pipelines" ("application_id") ');
    await queryRunner.query(
      'CREATE TABLE "promotions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "team" character varying(63) NOT NULL, "from_environment_id" uuid NOT NULL, "to_environment_id" uuid NOT NULL, "state" character varying(20) NOT NULL, "reason" text NOT NULL DEFAULT \'\', "requested_by" character varying(120) NOT NULL, "gates" jsonb NOT NULL, "force" jsonb, "freeze_override" jsonb, "gate_results" jsonb NOT NULL DEFAULT \'[]\', "verification_round" integer NOT NULL DEFAULT \'0\', "parked" boolean NOT NULL DEFAULT false, "lease_holder" character varying(100), "lease_expires_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_380cecbbe3ac11f0e5a7c452c34" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_promotions_to_environment" ON "promotions" ("to_environment_id", "created_at") ',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_promotions_claimable" ON "promotions" ("state", "parked", "lease_expires_at") ',
    );
    await queryRunner.query('CREATE INDEX "idx_promotions_team_created" ON "promotions" ("team", "created_at", "id") ');
    await queryRunner.query(
      'CREATE TABLE "promotion_items" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "promotion_id" uuid NOT NULL, "application_id" uuid NOT NULL, "release_id" uuid NOT NULL, "previous_release_id" uuid, "deployment_id" uuid, CONSTRAINT "PK_9036e352cd35a35b5370b21e5f5" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "idx_promotion_items_deployment" ON "promotion_items" ("deployment_id") ');
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_promotion_items_application" ON "promotion_items" ("promotion_id", "application_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "promotion_approvals" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "promotion_id" uuid NOT NULL, "approver" character varying(120) NOT NULL, "role" character varying(16) NOT NULL, "decision" character varying(16) NOT NULL, "comment" text NOT NULL DEFAULT \'\', "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d44e8695ff38ef4e06622cf1325" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_promotion_approvals_promotion" ON "promotion_approvals" ("promotion_id", "at") ',
    );
    await queryRunner.query(
      'ALTER TABLE "environments" ADD CONSTRAINT "fk_environments_team" FOREIGN KEY ("team") REFERENCES "teams"("name") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "environment_releases" ADD CONSTRAINT "fk_environment_releases_environment" FOREIGN KEY ("environment_id") REFERENCES "environments"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "environment_releases" ADD CONSTRAINT "fk_environment_releases_application" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "environment_releases" ADD CONSTRAINT "fk_environment_releases_release" FOREIGN KEY ("release_id") REFERENCES "releases"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "pipelines" ADD CONSTRAINT "fk_pipelines_application" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "promotions" ADD CONSTRAINT "fk_promotions_from_environment" FOREIGN KEY ("from_environment_id") REFERENCES "environments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "promotions" ADD CONSTRAINT "fk_promotions_to_environment" FOREIGN KEY ("to_environment_id") REFERENCES "environments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "promotion_items" ADD CONSTRAINT "fk_promotion_items_promotion" FOREIGN KEY ("promotion_id") REFERENCES "promotions"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "promotion_items" ADD CONSTRAINT "fk_promotion_items_application" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "promotion_items" ADD CONSTRAINT "fk_promotion_items_release" FOREIGN KEY ("release_id") REFERENCES "releases"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "promotion_approvals" ADD CONSTRAINT "fk_promotion_approvals_promotion" FOREIGN KEY ("promotion_id") REFERENCES "promotions"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "promotion_approvals" DROP CONSTRAINT "fk_promotion_approvals_promotion"');
    await queryRunner.query('ALTER TABLE "promotion_items" DROP CONSTRAINT "fk_promotion_items_release"');
    await queryRunner.query('ALTER TABLE "promotion_items" DROP CONSTRAINT "fk_promotion_items_application"');
    await queryRunner.query('ALTER TABLE "promotion_items" DROP CONSTRAINT "fk_promotion_items_promotion"');
    await queryRunner.query('ALTER TABLE "promotions" DROP CONSTRAINT "fk_promotions_to_environment"');
    await queryRunner.query('ALTER TABLE "promotions" DROP CONSTRAINT "fk_promotions_from_environment"');
    await queryRunner.query('ALTER TABLE "pipelines" DROP CONSTRAINT "fk_pipelines_application"');
    await queryRunner.query('ALTER TABLE "environment_releases" DROP CONSTRAINT "fk_environment_releases_release"');
    await queryRunner.query('ALTER TABLE "environment_releases" DROP CONSTRAINT "fk_environment_releases_application"');
    await queryRunner.query('ALTER TABLE "environment_releases" DROP CONSTRAINT "fk_environment_releases_environment"');
    await queryRunner.query('ALTER TABLE "environments" DROP CONSTRAINT "fk_environments_team"');
    await queryRunner.query('DROP INDEX "public"."idx_promotion_approvals_promotion"');
    await queryRunner.query('DROP TABLE "promotion_approvals"');
    await queryRunner.query('DROP INDEX "public"."uq_promotion_items_application"');
    await queryRunner.query('DROP INDEX "public"."idx_promotion_items_deployment"');
    await queryRunner.query('DROP TABLE "promotion_items"');
    await queryRunner.query('DROP INDEX "public"."idx_promotions_team_created"');
    await queryRunner.query('DROP INDEX "public"."idx_promotions_claimable"');
    await queryRunner.query('DROP INDEX "public"."idx_promotions_to_environment"');
    await queryRunner.query('DROP TABLE "promotions"');
    await queryRunner.query('DROP INDEX "public"."uq_pipelines_application"');
    await queryRunner.query('DROP TABLE "pipelines"');
    await queryRunner.query('DROP INDEX "public"."idx_environment_releases_application"');
    await queryRunner.query('DROP TABLE "environment_releases"');
    await queryRunner.query('DROP INDEX "public"."uq_environments_team_name"');
    await queryRunner.query('DROP INDEX "public"."idx_environments_team_created"');
    await queryRunner.query('DROP TABLE "environments"');
  }
}
