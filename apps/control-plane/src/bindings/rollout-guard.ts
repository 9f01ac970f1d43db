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
