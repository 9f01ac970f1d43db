import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Sandbox, startSandbox } from '@fleetplane/sandbox';
import { HealthProber } from '../../apps/control-plane/src/clusters/health/health-prober';
import { RunningControlPlane, bearer } from './control-plane';

export const THREE_CLOUDS = [
  { name: 'fleet-aws', labels: { cloud: 'aws', region: 'us-east-1' } },
  { name: 'fleet-gcp', labels: { cloud: 'gcp', region: 'europe-west1' } },
  { name: 'fleet-azure', labels: { cloud: 'azure', region: 'westeurope' } },
];

/** Sandbox clusters on a fast timeline (pods ready in ~100 ms, deadlines in ~1 s). */
export function startFastSandbox(kubeconfigDir: string, clusters = THREE_CLOUDS): Promise<Sandbox> {
  return startSandbox({
    clusters,
    kubeconfigDir,
    adminPort: false,
    timeline: { podStartMs: 50, podReadyMs: 50, progressDeadlineMs: 1000 },
  });
}

/** Registers every sandbox cluster through the API and probes them once, so placement sees them Healthy. */
export async function registerFleet(
  plane: RunningControlPlane,
  sandbox: Sandbox,
  kubeconfigDir: string,
): Promise<void> {
  for (const cluster of sandbox.clusters) {
    const response = await plane.http
      .post('/v1/clusters')
      .set(bearer(plane.adminToken))
      .send({
        name: cluster.name,
        environment: 'prod',
        labels: cluster.labels,
        ref: { provider: 'sandbox', name: cluster.name, labels: cluster.labels },
        credential: {
          type: 'kubeconfig',
          kubeconfig: await readFile(join(kubeconfigDir, `${cluster.name}.kubeconfig`), 'utf8'),
        },
      });
    if (response.status !== 201)
      throw new Error(`registering ${cluster.name}: ${response.status} ${JSON.stringify(response.body)}`);
  }
  await plane.app.get(HealthProber).probeAll();
}

/** Polls a deployment until it reaches one of `states` (or fails the test with its last view). */
export async function waitForDeployment(
  plane: RunningControlPlane,
  id: string,
  states: string[],
  timeoutMs = 60_000,
): Promise<DeploymentBody> {
  const deadline = Date.now() + timeoutMs;
  let last: DeploymentBody | undefined;
  while (Date.now() < deadline) {
    last = (await plane.http.get(`/v1/deployments/${id}`).set(bearer(plane.adminToken))).body as DeploymentBody;
    if (states.includes(last.state)) return last;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(
    `deployment ${id} did not reach ${states.join('/')} in ${timeoutMs} ms: ${JSON.stringify(last, null, 2)}`,
  );
}

export interface DeploymentBody {
  id: string;
  state: string;
  reason: string;
  summary: Record<string, number>;
  targets: Array<{
    cluster: string;
    cloud: string;
    wave: number;
    state: string;
    lastError: string;
    attempts: number;
    objects: Array<Record<string, unknown>>;
  }>;
}
