import { activeDeploymentStates } from '@fleetplane/fanout';
import { EntityManager } from 'typeorm';
import { lockRolloutsOf } from '../bindings/rollout-guard';

/** A deployment still active on a cluster. */
export interface ActiveRollout {
  id: string;
  cluster_name: string;
}

/**
 * The application's active deployments on these clusters (at most five, by cluster name). Creations of one
 * application (and its binding changes) are serialized by {@link lockRolloutsOf}.
 */
export async function activeRolloutsOn(
  manager: EntityManager,
  applicationId: string,
  clusterIds: string[],
): Promise<ActiveRollout[]> {
  await lockRolloutsOf(manager, applicationId);
  return (await manager.query(
    `SELECT d.id, t.cluster_name FROM deployments d JOIN deployment_targets t ON t.deployment_id = d.id
     WHERE d.application_id = $1 AND d.state = ANY($2) AND t.cluster_id = ANY($3::uuid[])
     ORDER BY t.cluster_name LIMIT 5`,
    [applicationId, activeDeploymentStates, clusterIds],
  )) as ActiveRollout[];
}

/**
 * Per cluster, the release its newest Ready or rolled-back target of the application left running: what
 * a rollback there restores. A release whose rollout failed there is skipped, broken as it was.
 */
export async function lastGoodReleases(
  manager: EntityManager,
  applicationId: string,
  clusterIds: string[],
): Promise<Map<string, string>> {
  const rows = (await manager.query(
    `SELECT DISTINCT ON (t.cluster_id) t.cluster_id,
       CASE WHEN t.state = 'RolledBack' THEN t.previous_release_id ELSE d.release_id END AS release_id
     FROM deployment_targets t JOIN deployments d ON d.id = t.deployment_id
     WHERE d.application_id = $1 AND t.cluster_id = ANY($2::uuid[]) AND t.state IN ('Ready', 'RolledBack')
     ORDER BY t.cluster_id, d.created_at DESC, d.id DESC`,
    [applicationId, clusterIds],
  )) as Array<{ cluster_id: string; release_id: string | null }>;
  return new Map(rows.flatMap((row) => (row.release_id ? [[row.cluster_id, row.release_id] as const] : [])));
}
