import { activeDeploymentStates } from '@fleetplane/fanout';
import { EntityManager } from 'typeorm';

/**
 * Serializes, until the caller's transaction commits, everything that starts a rollout of the
 * application: creating a deployment and changing a binding (which rolls itself out). Two racing
 * requests cannot both find no active deployment.
 */
export async function lockRolloutsOf(manager: EntityManager, applicationId: string): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext('deployments:' || $1))`, [applicationId]);
}

/** The application's oldest deployment still active, if any; call under {@link lockRolloutsOf}. */
export async function activeDeploymentOf(manager: EntityManager, applicationId: string): Promise<string | undefined> {
  const rows = (await manager.query(
    `SELECT id FROM deployments WHERE application_id = $1 AND state = ANY($2) ORDER BY created_at LIMIT 1`,
    [applicationId, activeDeploymentStates],
  )) as Array<{ id: string }>;
  return rows[0]?.id;
}

/**
 * Locks the rollouts of each application (in id order, so two callers cannot deadlock) and answers the
 * first one with an active deployment, if any.
 */
export async function firstActiveRollout(
  manager: EntityManager,
  applicationIds: string[],
): Promise<{ applicationId: string; deploymentId: string } | undefined> {
  const ids = [...new Set(applicationIds)].sort();
  for (const applicationId of ids) await lockRolloutsOf(manager, applicationId);
  for (const applicationId of ids) {
    const deploymentId = await activeDeploymentOf(manager, applicationId);
    if (deploymentId) return { applicationId, deploymentId };
  }
  return undefined;
}
