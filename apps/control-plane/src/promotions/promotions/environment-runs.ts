import type { HealthEvent } from '@fleetplane/promotion';
import { DataSource, EntityManager } from 'typeorm';

/** An application's newest deployment in an environment, and whether it left every cluster ready. */
export interface EnvironmentRun {
  deploymentId: string;
  releaseId: string;
  releaseVersion: string;
  state: string;
  reason: string;
  healthy: boolean;
  /** The first failed target's own error, when there is one. */
  failure: string | null;
}

/**
 * What an application runs in an environment: its newest deployment to the clusters whose `environment`
 * is the environment's bindings environment, a deployment made by hand or by a promotion alike. Healthy
 * when it succeeded with every target ready.
 */
export async function currentRun(
  db: DataSource | EntityManager,
  applicationId: string,
  bindingsEnvironment: string,
): Promise<EnvironmentRun | undefined> {
  const rows = (await db.query(
    `SELECT d.id, d.release_id, r.version, d.state, d.reason,
       (SELECT count(*)::int FROM deployment_targets t WHERE t.deployment_id = d.id AND t.state <> 'Ready') AS not_ready,
       (SELECT t.cluster_name || ': ' || t.last_error FROM deployment_targets t
         WHERE t.deployment_id = d.id AND t.state = 'Failed' AND t.last_error <> '' ORDER BY t.cluster_name LIMIT 1) AS failure
     FROM deployments d JOIN releases r ON r.id = d.release_id
     WHERE d.application_id = $1 AND EXISTS (
       SELECT 1 FROM deployment_targets t WHERE t.deployment_id = d.id AND t.candidate->>'environment' = $2)
     ORDER BY d.created_at DESC, d.id DESC LIMIT 1`,
    [applicationId, bindingsEnvironment],
  )) as Array<{
    id: string;
    release_id: string;
    version: string;
    state: string;
    reason: string;
    not_ready: number;
    failure: string | null;
  }>;
  const row = rows[0];
  if (!row) return undefined;
  return {
    deploymentId: row.id,
    releaseId: row.release_id,
    releaseVersion: row.version,
    state: row.state,
    reason: row.reason,
    healthy: row.state === 'Succeeded' && row.not_ready === 0,
    failure: row.failure,
  };
}

/** The team's applications that have been deployed to the environment's clusters. */
export async function applicationsIn(
  db: DataSource | EntityManager,
  team: string,
  bindingsEnvironment: string,
): Promise<string[]> {
  const rows = (await db.query(
    `SELECT DISTINCT a.name FROM applications a
     JOIN deployments d ON d.application_id = a.id
     JOIN deployment_targets t ON t.deployment_id = d.id
     WHERE a.team = $1 AND t.candidate->>'environment' = $2 ORDER BY a.name`,
    [team, bindingsEnvironment],
  )) as Array<{ name: string }>;
  return rows.map((row) => row.name);
}

/**
 * The release's health history in an environment, for the soak gate: each of its deployments there that
 * succeeded is a healthy observation, each that failed a break; the environment's clusters turning
 * unhealthy and back are health events too.
 */
export async function healthHistory(
  db: DataSource | EntityManager,
  applicationId: string,
  releaseId: string,
  bindingsEnvironment: string,
): Promise<HealthEvent[]> {
  const deployments = (await db.query(
    `SELECT d.state, d.reason, d.finished_at FROM deployments d
     WHERE d.application_id = $1 AND d.release_id = $2 AND d.finished_at IS NOT NULL AND EXISTS (
       SELECT 1 FROM deployment_targets t WHERE t.deployment_id = d.id AND t.candidate->>'environment' = $3)`,
    [applicationId, releaseId, bindingsEnvironment],
  )) as Array<{ state: string; reason: string; finished_at: Date }>;
  const transitions = (await db.query(
    `SELECT h."to" AS to_health, h.at FROM cluster_health_transitions h
     JOIN clusters c ON c.id = h.cluster_id WHERE c.environment = $1`,
    [bindingsEnvironment],
  )) as Array<{ to_health: string; at: Date }>;
  return [
    ...deployments.map((row): HealthEvent =>
      row.state === 'Succeeded'
        ? { kind: 'health', at: new Date(row.finished_at), healthy: true }
        : { kind: 'failure', at: new Date(row.finished_at), detail: `deployment ${row.state}: ${row.reason}` },
    ),
    ...transitions.map((row): HealthEvent => ({
      kind: 'health',
      at: new Date(row.at),
      healthy: row.to_health === 'Healthy',
    })),
  ];
}
