import { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1795386177297 implements MigrationInterface {
  name = 'Foundation1795386177297';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "teams" ("name" character varying(63) NOT NULL, "description" text NOT NULL DEFAULT \'\', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_48c0c32e6247a2de155baeaf980" PRIMARY KEY ("name"))',
    );
    await queryRunner.query(
      'CREATE TABLE "api_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(100) NOT NULL, "team_name" character varying(63) NOT NULL, "role" character varying(16) NOT NULL, "token_hash" character(64) NOT NULL, "token_hint" character varying(16) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_by" character varying(100) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_c587455266b5fa8dace7194caac" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "uq_api_tokens_hash" ON "api_tokens" ("token_hash") ');
    await queryRunner.query(
      'CREATE INDEX "idx_api_tokens_team_created" ON "api_tokens" ("team_name", "created_at", "id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "audit_events" ("id" BIGSERIAL NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor" character varying(120) NOT NULL, "actor_team" character varying(63), "action" character varying(80) NOT NULL, "resource_type" character varying(60) NOT NULL, "resource_id" character varying(255) NOT NULL, "team" character varying(63), "request_id" character varying(128), "before" jsonb, "after" jsonb, CONSTRAINT "PK_910f64d901a5c3e9878f0d4a407" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_audit_events_resource" ON "audit_events" ("resource_type", "resource_id") ',
    );
    await queryRunner.query('CREATE INDEX "idx_audit_events_at" ON "audit_events" ("at", "id") ');
    await queryRunner.query(
      'CREATE TABLE "encrypted_secrets" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "key_id" character varying(32) NOT NULL, "sealed" bytea NOT NULL, "owner_type" character varying(60) NOT NULL, "owner_id" character varying(255) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f3317b8c55d7bc98d2ec7c7e388" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_encrypted_secrets_owner" ON "encrypted_secrets" ("owner_type", "owner_id") ',
    );
    await queryRunner.query('CREATE INDEX "idx_encrypted_secrets_key" ON "encrypted_secrets" ("key_id") ');
    await queryRunner.query(
      'CREATE TABLE "idempotency_records" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "scope" character varying(120) NOT NULL, "key" character varying(255) NOT NULL, "request_fingerprint" character(64) NOT NULL, "response_status" integer, "response_body" jsonb, "response_headers" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9ae4e93699362b0d4e3da3dd1c2" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_idempotency_scope_key" ON "idempotency_records" ("scope", "key") ',
    );
    await queryRunner.query(
      'ALTER TABLE "api_tokens" ADD CONSTRAINT "fk_api_tokens_team" FOREIGN KEY ("team_name") REFERENCES "teams"("name") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    // Reviewed addition: the audit log is append-only in the database itself, not only by convention.
    await queryRunner.query(
      "CREATE FUNCTION fleetplane_audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit_events is append-only'; END $$",
    );
    await queryRunner.query(
      'CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON "audit_events" FOR EACH ROW EXECUTE FUNCTION fleetplane_audit_events_append_only()',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER audit_events_append_only ON "audit_events"');
    await queryRunner.query('DROP FUNCTION fleetplane_audit_events_append_only()');
    await queryRunner.query('ALTER TABLE "api_tokens" DROP CONSTRAINT "fk_api_tokens_team"');
    await queryRunner.query('DROP INDEX "public"."uq_idempotency_scope_key"');
    await queryRunner.query('DROP TABLE "idempotency_records"');
    await queryRunner.query('DROP INDEX "public"."idx_encrypted_secrets_key"');
    await queryRunner.query('DROP INDEX "public"."idx_encrypted_secrets_owner"');
    await queryRunner.query('DROP TABLE "encrypted_secrets"');
    await queryRunner.query('DROP INDEX "public"."idx_audit_events_at"');
    await queryRunner.query('DROP INDEX "public"."idx_audit_events_resource"');
    await queryRunner.query('DROP TABLE "audit_events"');
    await queryRunner.query('DROP INDEX "public"."idx_api_tokens_team_created"');
    await queryRunner.query('DROP INDEX "public"."uq_api_tokens_hash"');
    await queryRunner.query('DROP TABLE "api_tokens"');
    await queryRunner.query('DROP TABLE "teams"');
  }
}
