import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Backfills what the stored rows can tell, the same way `CloudProvider.cloudIdentity` derives it: GKE and
 * AKS from the ref, kubeconfig clusters from the stored API server URL. EKS rows stay null (their ARN was
 * never stored) until they are registered again; so do sandbox rows, which have no identity. Where two rows
 * already name one cluster, only the oldest gets the identity, so the unique index can be built.
 */
const BACKFILL = String.raw`
  WITH derived AS (
    SELECT id, created_at, CASE provider
      WHEN 'gke' THEN 'projects/' || (ref->>'projectId') || '/locations/' || (ref->>'location') || '/clusters/' || (ref->>'name')
      WHEN 'aks' THEN lower('/subscriptions/' || (ref->>'subscriptionId') || '/resourcegroups/' || (ref->>'resourceGroup')
        || '/providers/microsoft.containerservice/managedclusters/' || (ref->>'name'))
      WHEN 'kubeconfig' THEN rtrim(
        regexp_replace(lower(substring(endpoint FROM '^[a-zA-Z]+://[^/]+')), '^https://(.*):443$', 'https://\1')
          || coalesce(substring(endpoint FROM '^[a-zA-Z]+://[^/]+(/.*)$'), ''),
        '/')
    END AS identity
    FROM "clusters", LATERAL (SELECT cloud_description->>'endpoint' AS endpoint) AS described
  ), ranked AS (
    SELECT id, identity, row_number() OVER (PARTITION BY identity ORDER BY created_at, id) AS rank
    FROM derived WHERE identity IS NOT NULL
  )
  UPDATE "clusters" SET "cloud_identity" = ranked.identity FROM ranked WHERE "clusters".id = ranked.id AND ranked.rank = 1`;

export class ClusterCloudIdentity1796306284157 implements MigrationInterface {
  name = 'ClusterCloudIdentity1796306284157';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "clusters" ADD "cloud_identity" text');
    await queryRunner.query(BACKFILL);
    await queryRunner.query('CREATE UNIQUE INDEX "uq_clusters_cloud_identity" ON "clusters" ("cloud_identity") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."uq_clusters_cloud_identity"');
    await queryRunner.query('ALTER TABLE "clusters" DROP COLUMN "cloud_identity"');
  }
}
