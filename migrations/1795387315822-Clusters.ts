import { MigrationInterface, QueryRunner } from 'typeorm';

export class Clusters1795387315822 implements MigrationInterface {
  name = 'Clusters1795387315822';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "clusters" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(63) NOT NULL, "team" character varying(63) NOT NULL, "provider" character varying(16) NOT NULL, "cloud" character varying(32) NOT NULL, "region" character varying(64) NOT NULL, "environment" character varying(63) NOT NULL DEFAULT \'\', "ref" jsonb NOT NULL, "labels" jsonb NOT NULL DEFAULT \'{}\', "annotations" jsonb NOT NULL DEFAULT \'{}\', "credential_secret_id" uuid NOT NULL, "cloud_description" jsonb, "cordoned" boolean NOT NULL DEFAULT false, "health" character varying(16) NOT NULL DEFAULT \'Unknown\', "health_reason" text NOT NULL DEFAULT \'\', "health_changed_at" TIMESTAMP WITH TIME ZONE, "last_probe_at" TIMESTAMP WITH TIME ZONE, "last_probe_latency_ms" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_56c8e201f375e1e961dcdd6831c" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "idx_clusters_provider_region" ON "clusters" ("provider", "region") ');
    await queryRunner.query('CREATE INDEX "idx_clusters_team_created" ON "clusters" ("team", "created_at", "id") ');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_clusters_name" ON "clusters" ("name") ');
    await queryRunner.query(
      'CREATE TABLE "cluster_health_transitions" ("id" BIGSERIAL NOT NULL, "cluster_id" uuid NOT NULL, "from" character varying(16) NOT NULL, "to" character varying(16) NOT NULL, "reason" text NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ab28d3dfc756bab653058803b75" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_cluster_health_transitions_cluster_at" ON "cluster_health_transitions" ("cluster_id", "at", "id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "leases" ("name" character varying(200) NOT NULL, "holder" character varying(100) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_8f564523b661f9e2648c3377687" PRIMARY KEY ("name"))',
    );
    await queryRunner.query(
      'ALTER TABLE "clusters" ADD CONSTRAINT "fk_clusters_team" FOREIGN KEY ("team") REFERENCES "teams"("name") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "clusters" ADD CONSTRAINT "fk_clusters_credential" FOREIGN KEY ("credential_secret_id") REFERENCES "encrypted_secrets"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "cluster_health_transitions" ADD CONSTRAINT "fk_cluster_health_transitions_cluster" FOREIGN KEY ("cluster_id") REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "cluster_health_transitions" DROP CONSTRAINT "fk_cluster_health_transitions_cluster"',
    );
    await queryRunner.query('ALTER TABLE "clusters" DROP CONSTRAINT "fk_clusters_credential"');
    await queryRunner.query('ALTER TABLE "clusters" DROP CONSTRAINT "fk_clusters_team"');
    await queryRunner.query('DROP TABLE "leases"');
    await queryRunner.query('DROP INDEX "public"."idx_cluster_health_transitions_cluster_at"');
    await queryRunner.query('DROP TABLE "cluster_health_transitions"');
    await queryRunner.query('DROP INDEX "public"."uq_clusters_name"');
    await queryRunner.query('DROP INDEX "public"."idx_clusters_team_created"');
    await queryRunner.query('DROP INDEX "public"."idx_clusters_provider_region"');
    await queryRunner.query('DROP TABLE "clusters"');
  }
}
