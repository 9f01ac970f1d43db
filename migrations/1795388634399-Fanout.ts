import { MigrationInterface, QueryRunner } from 'typeorm';

export class Fanout1795388634399 implements MigrationInterface {
  name = 'Fanout1795388634399';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "applications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(53) NOT NULL, "team" character varying(63) NOT NULL, "default_namespace" character varying(63) NOT NULL, "auto_reconcile" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_938c0a27255637bde919591888f" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_applications_team_created" ON "applications" ("team", "created_at", "id") ',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "uq_applications_name" ON "applications" ("name") ');
    await queryRunner.query(
      'CREATE TABLE "releases" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "application_id" uuid NOT NULL, "version" character varying(128) NOT NULL, "content_hash" character varying(80) NOT NULL, "objects" jsonb NOT NULL, "image_map" jsonb NOT NULL DEFAULT \'{}\', "created_by" character varying(120) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6b6fc2599a5a281dd44a7d64016" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_releases_application_created" ON "releases" ("application_id", "created_at", "id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_releases_application_version" ON "releases" ("application_id", "version") ',
    );
    await queryRunner.query(
      'CREATE TABLE "deployments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "application_id" uuid NOT NULL, "release_id" uuid NOT NULL, "previous_release_id" uuid, "kind" character varying(16) NOT NULL DEFAULT \'rollout\', "spec" jsonb NOT NULL, "plan" jsonb NOT NULL, "state" character varying(20) NOT NULL, "reason" text NOT NULL DEFAULT \'\', "approved_waves" jsonb NOT NULL DEFAULT \'[]\', "cancel_requested" boolean NOT NULL DEFAULT false, "parked" boolean NOT NULL DEFAULT false, "lease_holder" character varying(100), "lease_expires_at" TIMESTAMP WITH TIME ZONE, "created_by" character varying(120) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_1e5627acb3c950deb83fe98fc48" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_deployments_claimable" ON "deployments" ("state", "parked", "lease_expires_at") ',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_deployments_application_created" ON "deployments" ("application_id", "created_at", "id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "deployment_targets" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "deployment_id" uuid NOT NULL, "cluster_id" uuid NOT NULL, "cluster_name" character varying(63) NOT NULL, "candidate" jsonb NOT NULL, "wave" integer NOT NULL, "state" character varying(20) NOT NULL, "state_since" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "attempts" integer NOT NULL DEFAULT \'0\', "last_error" text NOT NULL DEFAULT \'\', "applied_objects" jsonb NOT NULL DEFAULT \'[]\', "readiness" jsonb NOT NULL DEFAULT \'[]\', "drift" jsonb, "drift_checked_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_506b9b22e187a2bdeec60289da1" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_deployment_targets_cluster" ON "deployment_targets" ("deployment_id", "cluster_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "deployment_events" ("id" BIGSERIAL NOT NULL, "deployment_id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "subject" character varying(63) NOT NULL, "state" character varying(20) NOT NULL, "message" text NOT NULL DEFAULT \'\', CONSTRAINT "PK_9744c8ac10b188e63c7c0ff50d0" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_deployment_events_deployment" ON "deployment_events" ("deployment_id", "id") ',
    );
    await queryRunner.query(
      'ALTER TABLE "applications" ADD CONSTRAINT "fk_applications_team" FOREIGN KEY ("team") REFERENCES "teams"("name") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "releases" ADD CONSTRAINT "fk_releases_application" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "deployments" ADD CONSTRAINT "fk_deployments_application" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "deployments" ADD CONSTRAINT "fk_deployments_release" FOREIGN KEY ("release_id") REFERENCES "releases"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "deployment_targets" ADD CONSTRAINT "fk_deployment_targets_deployment" FOREIGN KEY ("deployment_id") REFERENCES "deployments"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "deployment_targets" DROP CONSTRAINT "fk_deployment_targets_deployment"');
    await queryRunner.query('ALTER TABLE "deployments" DROP CONSTRAINT "fk_deployments_release"');
    await queryRunner.query('ALTER TABLE "deployments" DROP CONSTRAINT "fk_deployments_application"');
    await queryRunner.query('ALTER TABLE "releases" DROP CONSTRAINT "fk_releases_application"');
    await queryRunner.query('ALTER TABLE "applications" DROP CONSTRAINT "fk_applications_team"');
    await queryRunner.query('DROP INDEX "public"."idx_deployment_events_deployment"');
    await queryRunner.query('DROP TABLE "deployment_events"');
    await queryRunner.query('DROP INDEX "public"."uq_deployment_targets_cluster"');
    await queryRunner.query('DROP TABLE "deployment_targets"');
    await queryRunner.query('DROP INDEX "public"."idx_deployments_application_created"');
    await queryRunner.query('DROP INDEX "public"."idx_deployments_claimable"');
    await queryRunner.query('DROP TABLE "deployments"');
    await queryRunner.query('DROP INDEX "public"."uq_releases_application_version"');
    await queryRunner.query('DROP INDEX "public"."idx_releases_application_created"');
    await queryRunner.query('DROP TABLE "releases"');
    await queryRunner.query('DROP INDEX "public"."uq_applications_name"');
    await queryRunner.query('DROP INDEX "public"."idx_applications_team_created"');
    await queryRunner.query('DROP TABLE "applications"');
  }
}
