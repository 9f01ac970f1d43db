import { MigrationInterface, QueryRunner } from 'typeorm';

export class SingleSignOn1796430180000 implements MigrationInterface {
  name = 'SingleSignOn1796430180000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "sso_group_mappings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "group_name" character varying(256) NOT NULL, "team_name" character varying(63) NOT NULL, "role" character varying(16) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_268374e6d349d29eddf2caa64d7" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_sso_group_mappings_group" ON "sso_group_mappings" ("group_name") ',
    );
    await queryRunner.query(
      'CREATE TABLE "sso_logins" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "state_hash" character(64) NOT NULL, "nonce" character varying(128) NOT NULL, "code_verifier" character varying(128) NOT NULL, "cli_port" integer, "handoff_challenge" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_236d02c8788cf5f22b311ac773c" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "uq_sso_logins_state" ON "sso_logins" ("state_hash") ');
    await queryRunner.query('CREATE INDEX "idx_sso_logins_expires" ON "sso_logins" ("expires_at") ');
    await queryRunner.query(
      'CREATE TABLE "sso_sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "token_hash" character(64), "handoff_hash" character(64), "handoff_expires_at" TIMESTAMP WITH TIME ZONE, "handoff_challenge" character varying(64) NOT NULL, "subject" character varying(255) NOT NULL, "name" character varying(200), "email" character varying(254), "actor" character varying(100) NOT NULL, "team_name" character varying(63) NOT NULL, "role" character varying(16) NOT NULL, "groups" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "last_used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_a5483deb1e52bf7d168eb94494f" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "uq_sso_sessions_token_hash" ON "sso_sessions" ("token_hash") ');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_sso_sessions_handoff_hash" ON "sso_sessions" ("handoff_hash") ');
    await queryRunner.query(
      'CREATE INDEX "idx_sso_sessions_actor_created" ON "sso_sessions" ("actor", "created_at", "id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_sso_sessions_team_created" ON "sso_sessions" ("team_name", "created_at", "id") ',
    );
    await queryRunner.query(
      'ALTER TABLE "sso_group_mappings" ADD CONSTRAINT "fk_sso_group_mappings_team" FOREIGN KEY ("team_name") REFERENCES "teams"("name") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "sso_sessions" ADD CONSTRAINT "fk_sso_sessions_team" FOREIGN KEY ("team_name") REFERENCES "teams"("name") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "sso_sessions" DROP CONSTRAINT "fk_sso_sessions_team"');
    await queryRunner.query('ALTER TABLE "sso_group_mappings" DROP CONSTRAINT "fk_sso_group_mappings_team"');
    await queryRunner.query('DROP INDEX "public"."idx_sso_sessions_team_created"');
    await queryRunner.query('DROP INDEX "public"."idx_sso_sessions_actor_created"');
    await queryRunner.query('DROP INDEX "public"."uq_sso_sessions_handoff_hash"');
    await queryRunner.query('DROP INDEX "public"."uq_sso_sessions_token_hash"');
    await queryRunner.query('DROP TABLE "sso_sessions"');
    await queryRunner.query('DROP INDEX "public"."idx_sso_logins_expires"');
    await queryRunner.query('DROP INDEX "public"."uq_sso_logins_state"');
    await queryRunner.query('DROP TABLE "sso_logins"');
    await queryRunner.query('DROP INDEX "public"."uq_sso_group_mappings_group"');
    await queryRunner.query('DROP TABLE "sso_group_mappings"');
  }
}
