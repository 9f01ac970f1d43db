// Issue 15's fan-out target: bindings add under 15% control-plane CPU per cluster. One fleet, one control
// plane, one database; two applications with the same 10-object release, one with 5 bindings (postgresql,
// redis, object-storage, queue, secret: default, cloud and region scopes, stored credentials), one without,
// deployed alternately to all N clusters, each round a new release version so that every target applies.
// Run: node scripts/build.mjs && DATABASE_URL=postgres://... node dist/bench/fanout-bindings.js [N] [rounds]
// FANOUT_CPU_PROFILE=/tmp/fanout-{variant}-{round}.cpuprofile writes a V8 CPU profile of each timed rollout.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiClient } from '../apps/cli/src/api-client';
import { HealthProber } from '../apps/control-plane/src/clusters/health/health-prober';
import { ServiceInstanceEntity } from '@fleetplane/persistence';
import { RunningControlPlane, bearer, startControlPlane } from '../test/support/control-plane';
import { withCpuProfile } from './support/cpu-profile';
import { measure } from './support/measure';
import { QueryCounter } from './support/query-counter';
import { registerClusters } from './support/register-clusters';
import { startSandboxProcess } from './support/sandbox-process';

const LATENCY_MS = 50;
const MAX_CONCURRENCY = 256;
const SANDBOX_ARGS = ['--pod-start-ms', '50', '--pod-ready-ms', '50'];
/** Where the clusters are: the last two have no region binding, so they fall to the cloud and default scopes. */
const PLACES = [
  { cloud: 'aws', region: 'us-east-1' },
  { cloud: 'aws', region: 'eu-west-1' },
  { cloud: 'gcp', region: 'us-central1' },
  { cloud: 'gcp', region: 'europe-west1' },
  { cloud: 'aws', region: 'us-west-2' },
  { cloud: 'azure', region: 'westeurope' },
] as const;
const REGION_BOUND = PLACES.slice(0, 4);
const CLASSES = [
  { binding: 'orders-db', class: 'postgresql', product: { aws: 'rds-instance', gcp: 'cloudsql-instance' }, port: 5432 },
  {
    binding: 'sessions',
    class: 'redis',
    product: { aws: 'elasticache-replication-group', gcp: 'memorystore-redis' },
    port: 6379,
  },
  { binding: 'uploads', class: 'object-storage', product: { aws: 's3-bucket', gcp: 'gcs-bucket' }, port: null },
  { binding: 'events', class: 'queue', product: { aws: 'sqs-queue', gcp: 'pubsub-topic' }, port: null },
  {
    binding: 'api-keys',
    class: 'secret',
    product: { aws: 'secretsmanager-secret', gcp: 'secret-manager-secret' },
    port: null,
  },
] as const;
const CREDENTIAL_FIELDS: Record<string, Record<string, string>> = {
  postgresql: { username: 'orders_app', password: 'bench-pa55-Kq2#', database: 'orders' },
  redis: { password: 'bench-redis-pa55' },
  'object-storage': { accessKeyId: 'AKIABENCH', secretAccessKey: 'bench-secret' },
  queue: { token: 'bench-queue-token' },
  secret: { value: 'bench-api-key' },
};

const VARIANTS = [
  { name: 'plain', application: 'web', namespace: 'bench' },
  { name: 'bindings', application: 'web-bound', namespace: 'bench-bound' },
] as const;
type Variant = (typeof VARIANTS)[number];

interface Rollout {
  variant: Variant['name'];
  round: number;
  wallMs: number;
  cpuMs: number;
  queries: number;
  state: string;
  ready: number;
}

function release(namespace: string, version: string): string {
  return `apiVersion: v1
kind: Namespace
metadata: { name: ${namespace} }
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: web, namespace: ${namespace} }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: web-config, namespace: ${namespace} }
data: { LOG_LEVEL: info, FEATURE_FLAGS: "checkout,search", VERSION: "${version}" }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: web-routes, namespace: ${namespace} }
data: { routes.yaml: "- path: /" }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: web-limits, namespace: ${namespace} }
data: { MAX_CONNECTIONS: "512" }
---
apiVersion: v1
kind: Secret
metadata: { name: web-credentials, namespace: ${namespace} }
type: Opaque
data: { password: c2VjcmV0LXBhc3N3b3Jk }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: ${namespace}, labels: { app: web } }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      serviceAccountName: web
      containers:
        - name: web
          image: ghcr.io/acme/web:${version}
          ports: [{ containerPort: 8080 }]
          envFrom: [{ configMapRef: { name: web-config } }]
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: ${namespace} }
spec: { selector: { app: web }, ports: [{ port: 80, targetPort: 8080 }] }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: web, namespace: ${namespace} }
spec:
  rules:
    - host: web.example.com
      http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } }] }
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: web, namespace: ${namespace} }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
  minReplicas: 2
  maxReplicas: 6
`;
}

async function main(n: number, rounds: number): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'fleetplane-bench-fanout-bindings-'));
  const sandbox = await startSandboxProcess(n, join(dir, 'kubeconfigs'), SANDBOX_ARGS);
  const plane = await startControlPlane(process.env.DATABASE_URL ? 'postgres' : 'embedded', {
    FLEETPLANE_HEALTH_TIMEOUT_MS: '10000',
    FLEETPLANE_HEALTH_JITTER_MS: '0',
    FLEETPLANE_RATE_LIMIT_PER_MINUTE: '1000000',
    FLEETPLANE_DRIFT_INTERVAL_MS: '0',
  });
  try {
    const clusters = sandbox.info.clusters.map((cluster, index) => ({
      ...cluster,
      labels: { ...cluster.labels, bench: 'timed', ...PLACES[index % PLACES.length] },
    }));
    await registerClusters(plane.url, plane.adminToken, clusters);
    await plane.app.get(HealthProber).probeAll(256);
    const [healthy] = await plane.dataSource.query(`SELECT count(*)::int AS n FROM clusters WHERE health = 'Healthy'`);
    if (healthy.n !== n) throw new Error(`only ${healthy.n}/${n} clusters are Healthy after a probe round`);
    for (const variant of VARIANTS) await createApplication(plane, variant);
    await bindAll(plane, VARIANTS[1].application);
    await sandbox.faultAll({ latencyMs: LATENCY_MS });
    log(`${n} clusters registered and Healthy; ${CLASSES.length} bindings on ${VARIANTS[1].application}`);

    const rollouts: Rollout[] = [];
    // Round 0 is the warm-up: first applies of both namespaces, untimed in the ratio.
    for (let round = 0; round <= rounds; round++) {
      const order = round % 2 === 0 ? VARIANTS : [...VARIANTS].reverse();
      for (const variant of order) {
        const rollout = await timedRollout(plane, variant, round);
        log(
          `round ${round} ${variant.name}: ${seconds(rollout.wallMs)}, CPU ${(rollout.cpuMs / n).toFixed(2)} ms/cluster, ${rollout.queries} queries, ${rollout.state} (${rollout.ready}/${n} Ready)`,
        );
        if (rollout.ready !== n) throw new Error(`${variant.name} round ${round}: ${rollout.ready}/${n} Ready`);
        rollouts.push(rollout);
      }
    }
    await checkBindingSecrets(sandbox.info.clusters[0].kubeconfigPath);
    console.log(
      report(
        rollouts.filter((rollout) => rollout.round > 0),
        n,
      ),
    );
  } finally {
    await plane.close();
    await sandbox.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function createApplication(plane: RunningControlPlane, variant: Variant): Promise<void> {
  const response = await plane.http
    .post('/v1/applications')
    .set(bearer(plane.adminToken))
    .send({ name: variant.application, defaultNamespace: variant.namespace });
  if (response.status !== 201) throw new Error(`application: ${response.status} ${response.text}`);
}

/**
 * Instances go straight into the database (ambient: no account credential to describe them with, and
 * none is needed at apply time with stored binding credentials); the bindings go through the API, so they
 * are validated, encrypted and revisioned as a user's are.
 */
async function bindAll(plane: RunningControlPlane, application: string): Promise<void> {
  const [{ team }] = await plane.dataSource.query(`SELECT team FROM applications WHERE name = $1`, [application]);
  const instances = plane.dataSource.getRepository(ServiceInstanceEntity);
  for (const serviceClass of CLASSES) {
    for (const place of REGION_BOUND) {
      const cloud = place.cloud as 'aws' | 'gcp';
      const name = `${serviceClass.binding}-${place.region}`;
      const host = `${name}.bench.example.com`;
      await instances.save(
        instances.create({
          team,
          name,
          cloud,
          nativeId: `bench:${cloud}:${place.region}:${name}`,
          product: serviceClass.product[cloud],
          serviceClass: serviceClass.class,
          region: place.region,
          endpointHost: serviceClass.port ? host : null,
          endpointPort: serviceClass.port,
          uri: serviceClass.port ? null : `https://${host}/${name}`,
          engine: null,
          state: 'available',
          ambient: true,
          registeredBy: 'bench',
          refreshedAt: new Date(),
        }),
      );
      await putBinding(
        plane,
        application,
        serviceClass,
        { level: 'region', region: place.region },
        name,
        'same-region',
      );
    }
    for (const cloud of ['aws', 'gcp'] as const) {
      const region = REGION_BOUND.find((place) => place.cloud === cloud)!.region;
      await putBinding(
        plane,
        application,
        serviceClass,
        { level: 'cloud', cloud },
        `${serviceClass.binding}-${region}`,
        'same-cloud',
      );
    }
    await putBinding(
      plane,
      application,
      serviceClass,
      { level: 'default' },
      `${serviceClass.binding}-us-east-1`,
      'any',
    );
  }
}

async function putBinding(
  plane: RunningControlPlane,
  application: string,
  serviceClass: (typeof CLASSES)[number],
  scope: Record<string, string>,
  instance: string,
  locality: string,
): Promise<void> {
  const response = await plane.http
    .put(`/v1/applications/${application}/bindings/${serviceClass.binding}`)
    .set(bearer(plane.adminToken))
    .send({
      class: serviceClass.class,
      scope,
      instance,
      locality,
      credential: { type: 'stored', fields: CREDENTIAL_FIELDS[serviceClass.class] },
      workloads: { type: 'all' },
    });
  if (response.status !== 200 && response.status !== 201)
    throw new Error(`binding ${serviceClass.binding} ${JSON.stringify(scope)}: ${response.status} ${response.text}`);
}

/** A new release version of the variant's application to all N clusters, followed as `fleetplane deploy --wait` does. */
async function timedRollout(plane: RunningControlPlane, variant: Variant, round: number): Promise<Rollout> {
  const admin = bearer(plane.adminToken);
  const version = `1.0.${round}`;
  const created = await plane.http
    .post(`/v1/applications/${variant.application}/releases`)
    .set(admin)
    .send({ version, manifests: release(variant.namespace, version) });
  if (created.status !== 201) throw new Error(`release: ${created.status} ${created.text}`);
  const queries = QueryCounter.install();
  const api = new ApiClient({ url: plane.url, token: plane.adminToken });
  const profile = process.env.FANOUT_CPU_PROFILE?.replace('{variant}', variant.name).replace('{round}', String(round));
  queries.start();
  const run = await measure(() =>
    withCpuProfile(profile, async () => {
      const deployment = await plane.http
        .post('/v1/deployments')
        .set(admin)
        .send({
          application: variant.application,
          release: version,
          placement: { selector: { matchLabels: { bench: 'timed' } } },
          strategy: { type: 'AllAtOnce', maxConcurrency: MAX_CONCURRENCY },
        });
      if (deployment.status !== 201) throw new Error(`deployment: ${deployment.status} ${deployment.text}`);
      const id = deployment.body.id as string;
      for await (const _ of api.events(`v1/deployments/${id}/events`));
      return (await plane.http.get(`/v1/deployments/${id}`).set(admin)).body as {
        state: string;
        targets: Array<{ state: string }>;
      };
    }),
  );
  const tallies = queries.stop();
  return {
    variant: variant.name,
    round,
    wallMs: run.wallMs,
    cpuMs: run.cpuMs,
    queries: tallies.reduce((sum, tally) => sum + tally.count, 0),
    state: run.result.state,
    ready: run.result.targets.filter((target) => target.state === 'Ready').length,
  };
}

/** The bound workloads did get their five Service Binding Secrets: the bench measures real work. */
async function checkBindingSecrets(kubeconfig: string): Promise<void> {
  const { execFileSync } = await import('node:child_process');
  const out = execFileSync('kubectl', [
    '--kubeconfig',
    kubeconfig,
    '-n',
    'bench-bound',
    'get',
    'secrets',
    '-o',
    'name',
  ]);
  const secrets = out.toString().trim().split('\n');
  if (secrets.length < CLASSES.length + 1)
    throw new Error(`bench-bound has ${secrets.length} Secrets, not the ${CLASSES.length} binding Secrets and one`);
  log(`bench-bound on the first cluster: ${secrets.join(', ')}`);
}

function report(rollouts: Rollout[], n: number): string {
  const of = (variant: string) => rollouts.filter((rollout) => rollout.variant === variant);
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
  const plain = of('plain');
  const bound = of('bindings');
  const cpu = (list: Rollout[]) => median(list.map((rollout) => rollout.cpuMs / n));
  const wall = (list: Rollout[]) => median(list.map((rollout) => rollout.wallMs));
  const pairs = plain.map((rollout, index) => bound[index].cpuMs / rollout.cpuMs);
  const lines = [
    '| variant | CPU per cluster (median) | each round | wall time (median) | queries per rollout |',
    '| --- | --- | --- | --- | --- |',
    ...[
      ['without bindings', plain],
      ['5 bindings', bound],
    ].map(
      ([label, list]) =>
        `| ${label as string} | ${cpu(list as Rollout[]).toFixed(2)} ms | ${(list as Rollout[]).map((rollout) => (rollout.cpuMs / n).toFixed(2)).join(', ')} | ${seconds(wall(list as Rollout[]))} | ${median((list as Rollout[]).map((rollout) => rollout.queries))} |`,
    ),
    '',
    `Ratio of medians: ${(cpu(bound) / cpu(plain)).toFixed(3)}; per round (bindings / plain): ${pairs.map((ratio) => ratio.toFixed(2)).join(', ')}; median ${median(pairs).toFixed(3)}.`,
  ];
  return lines.join('\n');
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const log = (message: string) => console.error(message);

main(Number(process.argv[2] ?? 1000), Number(process.argv[3] ?? 4)).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
