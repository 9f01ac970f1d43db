import { MigrationInterface, QueryRunner } from 'typeorm';

export class ServiceBindings1796312116940 implements MigrationInterface {
  name = 'ServiceBindings1796312116940';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "service_instances" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "team" character varying(63) NOT NULL, "name" character varying(63) NOT NULL, "cloud" character varying(16) NOT NULL, "native_id" text NOT NULL, "product" character varying(64) NOT NULL, "service_class" character varying(32) NOT NULL, "region" character varying(64) NOT NULL, "endpoint_host" text, "endpoint_port" integer, "uri" text, "engine" text, "state" character varying(16) NOT NULL, "cloud_state" character varying(64) NOT NULL DEFAULT \'\', "tags" jsonb NOT NULL DEFAULT \'{}\', "replica_of_id" uuid, "replica_of_native_id" text, "credential_secret_id" uuid, "ambient" boolean NOT NULL DEFAULT false, "registered_by" character varying(100) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "refreshed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "ck_service_instances_credential" CHECK ("ambient" OR "credential_secret_id" IS NOT NULL), CONSTRAINT "PK_e953014223dbd76e755016bb507" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_service_instances_team_created" ON "service_instances" ("team", "created_at", "id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_service_instances_team_name" ON "service_instances" ("team", "name") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_service_instances_team_native_id" ON "service_instances" ("team", "native_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "service_bindings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "team" character varying(63) NOT NULL, "application_id" uuid NOT NULL, "name" character varying(63) NOT NULL, "scope" jsonb NOT NULL, "scope_key" text NOT NULL, "instance_id" uuid NOT NULL, "role" character varying(16) NOT NULL, "locality" character varying(16) NOT NULL, "credential" jsonb NOT NULL, "workloads" jsonb NOT NULL, "env" jsonb NOT NULL DEFAULT \'[]\', "revision" integer NOT NULL DEFAULT \'1\', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_1a26596434cdbe0afa456b491da" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "idx_service_bindings_team" ON "service_bindings" ("team") ');
    await queryRunner.query('CREATE INDEX "idx_service_bindings_instance" ON "service_bindings" ("instance_id") ');
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_service_bindings_scope" ON "service_bindings" ("application_id", "name", "scope_key") ',
    );
    await queryRunner.query(
      'CREATE TABLE "binding_revisions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "binding_id" uuid NOT NULL, "application_id" uuid NOT NULL, "name" character varying(63) NOT NULL, "revision" integer NOT NULL, "change" character varying(32) NOT NULL, "snapshot" jsonb NOT NULL, "actor" character varying(100) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bdd851276c94a6c6b54aa1d672e" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_binding_revisions_application" ON "binding_revisions" ("application_id", "name", "created_at") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_binding_revisions_revision" ON "binding_revisions" ("binding_id", "revision") ',
    );
    await queryRunner.query(
      'ALTER TABLE "service_instances" ADD CONSTRAINT "fk_service_instances_team" FOREIGN KEY ("team") REFERENCES "teams"("name") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "service_instances" ADD CONSTRAINT "fk_service_instances_replica_of" FOREIGN KEY ("replica_of_id") REFERENCES "service_instances"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "service_instances" ADD CONSTRAINT "fk_service_instances_credential" FOREIGN KEY ("credential_secret_id") REFERENCES "encrypted_secrets"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "service_bindings" ADD CONSTRAINT "fk_service_bindings_application" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "service_bindings" ADD CONSTRAINT "fk_service_bindings_instance" FOREIGN KEY ("instance_id") REFERENCES "service_instances"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "service_bindings" DROP CONSTRAINT "fk_service_bindings_instance"');
    await queryRunner.query('ALTER TABLE "service_bindings" DROP CONSTRAINT "fk_service_bindings_application"');
    await queryRunner.query('ALTER TABLE "service_instances" DROP CONSTRAINT "fk_service_instances_credential"');
    await queryRunner.query('ALTER TABLE "service_instances" DROP CONSTRAINT "fk_service_instances_replica_of"');
    await queryRunner.query('ALTER TABLE "service_instances" DROP CONSTRAINT "fk_service_instances_team"');
    await queryRunner.query('DROP INDEX "public"."uq_binding_revisions_revision"');
    await queryRunner.query('DROP INDEX "public"."idx_binding_revisions_application"');
    await queryRunner.query('DROP TABLE "binding_revisions"');
    await queryRunner.query('DROP INDEX "public"."uq_service_bindings_scope"');
    await queryRunner.query('DROP INDEX "public"."idx_service_bindings_instance"');
    await queryRunner.query('DROP INDEX "public"."idx_service_bindings_team"');
    await queryRunner.query('DROP TABLE "service_bindings"');
    await queryRunner.query('DROP INDEX "public"."uq_service_instances_team_native_id"');
    await queryRunner.query('DROP INDEX "public"."uq_service_instances_team_name"');
    await queryRunner.query('DROP INDEX "public"."idx_service_instances_team_created"');
    await queryRunner.query('DROP TABLE "service_instances"');
  }
}
