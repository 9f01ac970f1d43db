import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Sandbox, startSandbox } from '@fleetplane/sandbox';
import { HealthProber } from '../../apps/control-plane/src/clusters/health/health-prober';
import { RunningControlPlane, bearer } from '../support/control-plane';
import { waitForDeployment } from '../support/fleet';

/** dev on aws, staging on gcp, prod on gcp and azure: each cluster carries its environment. */
export const PROMOTION_CLUSTERS = [
  { name: 'dev-aws', labels: { cloud: 'aws', region: 'us-east-1' }, environment: 'dev' },
  { name: 'staging-gcp', labels: { cloud: 'gcp', region: 'europe-west1' }, environment: 'staging' },
  { name: 'prod-gcp', labels: { cloud: 'gcp', region: 'europe-west1' }, environment: 'prod' },
  { name: 'prod-azure', labels: { cloud: 'azure', region: 'westeurope' }, environment: 'prod' },
];

export const manifests = (application: string, version: string) => `
apiVersion: v1
kind: ConfigMap
metadata: { name: ${application}-config }
data: { VERSION: "${version}" }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${application} }
spec:
  replicas: 1
  selector: { matchLabels: { app: ${application} } }
  template:
    metadata: { labels: { app: ${application} } }
    spec: { containers: [{ name: web, image: "ghcr.io/acme/${application}:${version}" }] }
`;

/** Sandbox clusters on a fast timeline (pods ready in ~100 ms). */
export function startPromotionSandbox(dir: string): Promise<Sandbox> {
  return startSandbox({
    clusters: PROMOTION_CLUSTERS.map(({ name, labels }) => ({ name, labels })),
    kubeconfigDir: dir,
    adminPort: false,
    timeline: { podStartMs: 50, podReadyMs: 50, progressDeadlineMs: 1000 },
  });
}

/** Registers each sandbox cluster with its environment, as the platform admin, and probes them once. */
export async function registerPromotionFleet(plane: RunningControlPlane, dir: string): Promise<void> {
  for (const cluster of PROMOTION_CLUSTERS) {
    const response = await plane.http
      .post('/v1/clusters')
      .set(bearer(plane.adminToken))
      .send({
        name: cluster.name,
        environment: cluster.environment,
        labels: cluster.labels,
        ref: { provider: 'sandbox', name: cluster.name, labels: cluster.labels },
        credential: { type: 'kubeconfig', kubeconfig: await readFile(join(dir, `${cluster.name}.kubeconfig`), 'utf8') },
      });
    if (response.status !== 201) throw new Error(`registering ${cluster.name}: ${response.status} ${response.text}`);
  }
  await plane.app.get(HealthProber).probeAll();
}

/** An application with its releases, deployed by hand to dev (where releases enter the pipeline). */
export async function releaseToDev(
  plane: RunningControlPlane,
  as: Record<string, string>,
  application: string,
  versions: string[],
  deployed = versions.at(-1)!,
): Promise<void> {
  await plane.http.post('/v1/applications').set(as).send({ name: application, defaultNamespace: application });
  for (const version of versions)
    await plane.http
      .post(`/v1/applications/${application}/releases`)
      .set(as)
      .send({ version, manifests: manifests(application, version) });
  const created = await plane.http
    .post('/v1/deployments')
    .set(as)
    .send({ application, release: deployed, placement: { environments: ['dev'] } });
  if (created.status !== 201) throw new Error(`deploying ${application} to dev: ${created.text}`);
  const done = await waitForDeployment(plane, created.body.id, ['Succeeded', 'Failed', 'PartiallyFailed']);
  if (done.state !== 'Succeeded') throw new Error(`deploying ${application} to dev: ${JSON.stringify(done)}`);
}

export interface PromotionBody {
  id: string;
  state: string;
  reason: string;
  from: string;
  to: string;
  items: Array<{ application: string; release: string; previousRelease: string | null; deploymentId: string | null }>;
  gateResults: Array<{ gate: string; status: string; reason: string; evidence: Record<string, unknown> }>;
  approvals: Array<{ approver: string; decision: string; comment: string }>;
}

/** Polls a promotion until it reaches one of `states` (or fails the test with its last view). */
export async function waitForPromotion(
  plane: RunningControlPlane,
  id: string,
  states: string[],
  timeoutMs = 60_000,
): Promise<PromotionBody> {
  const deadline = Date.now() + timeoutMs;
  let last: PromotionBody | undefined;
  while (Date.now() < deadline) {
    last = (await plane.http.get(`/v1/promotions/${id}`).set(bearer(plane.adminToken))).body as PromotionBody;
    if (states.includes(last.state)) return last;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(
    `promotion ${id} did not reach ${states.join('/')} in ${timeoutMs} ms: ${JSON.stringify(last, null, 2)}`,
  );
}
