import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The indexes the list endpoints' orders and filters need at 10,000 clusters and 1,000,000 audit rows
 * (issue 19): a platform admin's newest-first order on clusters and deployments, label selectors, and the
 * audit log by actor and by team within a time range. Exported so the API-at-scale bench can drop and
 * recreate exactly these to measure both sides.
 */
export const LIST_INDEXES: ReadonlyArray<{ name: string; definition: string }> = [
  { name: 'idx_clusters_created', definition: 'ON "clusters" ("created_at", "id")' },
  // jsonb_ops (not jsonb_path_ops): label selectors use containment (@>) and key existence (?).
  { name: 'idx_clusters_labels', definition: 'ON "clusters" USING gin ("labels")' },
  { name: 'idx_deployments_created', definition: 'ON "deployments" ("created_at", "id")' },
  { name: 'idx_audit_events_actor_at', definition: 'ON "audit_events" ("actor", "at", "id")' },
  { name: 'idx_audit_events_team_at', definition: 'ON "audit_events" ("team", "at", "id")' },
];

export class ListIndexes1796440512000 implements MigrationInterface {
  name = 'ListIndexes1796440512000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const index of LIST_INDEXES) await queryRunner.query(`CREATE INDEX "${index.name}" ${index.definition}`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const index of [...LIST_INDEXES].reverse()) await queryRunner.query(`DROP INDEX "public"."${index.name}"`);
  }
}
