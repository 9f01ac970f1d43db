// Issue 5's benchmark: a 10-object release fanned out to N sandbox clusters (50 ms injected latency per
// request) by the control plane, side by side in the same run with the way a user scripts it today: a
// sequential `kubectl apply --server-side` loop over the kubeconfigs, and the same through `xargs -P 16`.
// The kubectl loops are measured on a sample of fresh clusters and extrapolated linearly to N.
// Run: node scripts/build.mjs && DATABASE_URL=postgres://... node dist/bench/fanout.js [N ...]
// FANOUT_CPU_PROFILE=/tmp/fanout-{n}.cpuprofile also writes a V8 CPU profile of each timed fan-out alone.
// FANOUT_PLANE_ONLY=1 measures the control plane alone (no kubectl loops, no results file), for profiling.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ApiClient } from '../apps/cli/src/api-client';
import { HealthProber } from '../apps/control-plane/src/clusters/health/health-prober';
import { RunningControlPlane, bearer, startControlPlane } from '../test/support/control-plane';
import { withCpuProfile } from './support/cpu-profile';
import { endedChildrenCpuMs, measure, processCpuMs } from './support/measure';
import { QueryCounter, QueryTally } from './support/query-counter';
import { TlsCounter } from './support/tls-counter';
import { registerClusters } from './support/register-clusters';
import { SandboxProcess, SandboxRequest, startSandboxProcess } from './support/sandbox-process';

const KUBECTL = '/usr/bin/kubectl';
const LATENCY_MS = 50;
const SEQUENTIAL_SAMPLE = 20;
const PARALLEL_SAMPLE = 200;
const PARALLELISM = 16;
const MAX_CONCURRENCY = 256;
const NAMESPACE = 'bench';
/** Pods start and become ready quickly, so readiness waits on the control plane, not on the simulation. */
const SANDBOX_ARGS = ['--pod-start-ms', '50', '--pod-ready-ms', '50'];
const FINAL_STATES = ['Succeeded', 'PartiallyFailed', 'Failed', 'RolledBack', 'Cancelled'];
const PLANE_ONLY = process.env.FANOUT_PLANE_ONLY === '1';
/** Runs of the whole experiment per N, each from scratch: the table shows the one of median CPU (FANOUT_RUNS). */
const TIMED_RUNS = Number(process.env.FANOUT_RUNS ?? 3);
/** Clusters of an untimed rollout before the timed one, so that it meets a warm process (FANOUT_WARM_UP=0: none). */
const WARM_UP_CLUSTERS = Number(process.env.FANOUT_WARM_UP ?? 200);

/** The release: exactly 10 objects, namespaced explicitly so that kubectl applies the very same file. */
const RELEASE_YAML = `apiVersion: v1
kind: Namespace
metadata:
  name: ${NAMESPACE}
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: web
  namespace: ${NAMESPACE}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
  namespace: ${NAMESPACE}
data:
  LOG_LEVEL: info
  FEATURE_FLAGS: checkout,search
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-routes
  namespace: ${NAMESPACE}
data:
  routes.yaml: |
    - path: /
      backend: web
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-limits
  namespace: ${NAMESPACE}
data:
  MAX_CONNECTIONS: "512"
---
apiVersion: v1
kind: Secret
metadata:
  name: web-credentials
  namespace: ${NAMESPACE}
type: Opaque
data:
  password: c2VjcmV0LXBhc3N3b3Jk
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: ${NAMESPACE}
  labels:
    app: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      serviceAccountName: web
      containers:
        - name: web
          image: ghcr.io/acme/web:1.0.0
          ports:
            - containerPort: 8080
          envFrom:
            - configMapRef:
                name: web-config
          resources:
            requests:
              cpu: 100m
              memory: 128Mi
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: ${NAMESPACE}
spec:
  selector:
    app: web
  ports:
    - port: 80
      targetPort: 8080
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: ${NAMESPACE}
spec:
  rules:
    - host: web.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web
                port:
                  number: 80
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
  namespace: ${NAMESPACE}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
  minReplicas: 2
  maxReplicas: 6
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: 70
`;

interface Requests {
  perCluster: number;
  byMethod: string;
}

interface PlaneResult {
  clusters: number;
  wallMs: number;
  /** created_at → finished_at as the database stored them. */
  serverMs: number;
  cpuMs: number;
  /** The part of cpuMs spent in the kernel (socket reads and writes, mostly). */
  systemCpuMs: number;
  peakRssMb: number;
  baselineRssMb: number;
  state: string;
  targets: Record<string, number>;
  failures: string[];
  requests: Requests;
  /** CPU of one GET /v1/deployments/:id of the finished deployment (median of 3), and how many the wait polled. */
  getCpuMs: number;
  /** Events the wait read from the deployment's event stream. */
  events: number;
  /** Where the time went: database, event loop, the sandbox process, phases per target. */
  queries: QueryTally[];
  tlsConnections: number;
  maxPoolWaiting: number;
  eventLoopDelayP99Ms: number;
  eventLoopDelayMaxMs: number;
  sandboxCpuMs: number;
  phases: Phases;
}

interface Phases {
  /** Per target, ms after the deployment was created: started (Applying), applied (WaitingReady), Ready. */
  startedP50: number;
  startedMax: number;
  applyP50: number;
  applyP95: number;
  readyP50: number;
  readyP95: number;
}

interface KubectlResult {
  clusters: number;
  wallMs: number;
  cpuMs: number;
  /** Largest max-RSS of any one kubectl process. */
  processRssMb: number;
  requests: Requests;
}

interface RunResult {
  n: number;
  /** The timed rollout of median CPU. */
  plane: PlaneResult;
  /** Every timed rollout, in the order run. */
  runs: PlaneResult[];
  /** Absent with FANOUT_PLANE_ONLY. */
  kubectl?: { sequential: KubectlResult; parallel: KubectlResult };
}

async function runOne(n: number, withKubectl: boolean): Promise<Omit<RunResult, 'runs'>> {
  const dir = await mkdtemp(join(tmpdir(), 'fleetplane-bench-fanout-'));
  const sequentialCount = withKubectl ? Math.min(n, SEQUENTIAL_SAMPLE) : 0;
  const parallelCount = withKubectl ? Math.min(n, PARALLEL_SAMPLE) : 0;
  const total = n + sequentialCount + parallelCount + WARM_UP_CLUSTERS;
  const started = performance.now();
  const sandbox = await startSandboxProcess(total, join(dir, 'kubeconfigs'), SANDBOX_ARGS);
  // Disjoint, fresh clusters for each approach: every one of them receives the release for the first time.
  const planeClusters = sandbox.info.clusters.slice(0, n);
  const sequentialClusters = sandbox.info.clusters.slice(n, n + sequentialCount);
  const parallelClusters = sandbox.info.clusters.slice(n + sequentialCount, n + sequentialCount + parallelCount);
  const warmUpClusters = sandbox.info.clusters.slice(n + sequentialCount + parallelCount);
  const plane = await startControlPlane(process.env.DATABASE_URL ? 'postgres' : 'embedded', {
    FLEETPLANE_HEALTH_TIMEOUT_MS: '10000',
    FLEETPLANE_HEALTH_JITTER_MS: '0',
    FLEETPLANE_RATE_LIMIT_PER_MINUTE: '1000000',
    FLEETPLANE_DRIFT_INTERVAL_MS: '0',
  });
  try {
    await registerClusters(plane.url, plane.adminToken, [
      ...labelled(planeClusters, TIMED_GROUP),
      ...labelled(warmUpClusters, WARM_UP_GROUP),
    ]);
    await plane.app.get(HealthProber).probeAll(256);
    const healthy = await plane.dataSource.query(`SELECT count(*)::int AS n FROM clusters WHERE health = 'Healthy'`);
    const registered = n + warmUpClusters.length;
    if (healthy[0].n !== registered)
      throw new Error(`only ${healthy[0].n}/${registered} clusters are Healthy after a probe round`);
    const releaseFile = join(dir, 'release.yaml');
    await writeFile(releaseFile, RELEASE_YAML);
    await createRelease(plane);
    await sandbox.faultAll({ latencyMs: LATENCY_MS });
    if (warmUpClusters.length > 0) await deployAndFollow(plane, WARM_UP_GROUP);
    await sandbox.clearRequestLogs(sandbox.info.clusters.map((cluster) => cluster.name));
    log(`N=${n}: sandbox of ${total} clusters, ${n} registered and Healthy (${seconds(performance.now() - started)})`);

    const planeResult = await fanOut(plane, sandbox, planeClusters, TIMED_GROUP);
    log(
      `N=${n}: control plane ${seconds(planeResult.wallMs)} (${planeResult.state}), CPU ${planeResult.cpuMs.toFixed(0)} ms (${planeResult.systemCpuMs.toFixed(0)} ms of it in the kernel)`,
    );
    if (!withKubectl) return { n, plane: planeResult };
    const sequential = await kubectlLoop('sequential', sandbox, sequentialClusters, releaseFile, dir);
    log(`N=${n}: kubectl sequential over ${sequentialCount}: ${seconds(sequential.wallMs)}`);
    const parallel = await kubectlLoop('parallel', sandbox, parallelClusters, releaseFile, dir);
    log(`N=${n}: kubectl xargs -P ${PARALLELISM} over ${parallelCount}: ${seconds(parallel.wallMs)}`);
    return { n, plane: planeResult, kubectl: { sequential, parallel } };
  } finally {
    await plane.close();
    await sandbox.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function createRelease(plane: RunningControlPlane): Promise<void> {
  const admin = bearer(plane.adminToken);
  const application = await plane.http
    .post('/v1/applications')
    .set(admin)
    .send({ name: 'web', defaultNamespace: NAMESPACE });
  if (application.status !== 201) throw new Error(`application: ${application.status} ${application.text}`);
  const release = await plane.http
    .post('/v1/applications/web/releases')
    .set(admin)
    .send({ version: '1.0.0', manifests: RELEASE_YAML });
  if (release.status !== 201) throw new Error(`release: ${release.status} ${release.text}`);
  if (release.body.objectCount !== 10) throw new Error(`the release has ${release.body.objectCount} objects, not 10`);
}

const WARM_UP_GROUP = 'warm-up';
const TIMED_GROUP = 'timed';

/** The clusters with a `bench` label naming the rollout they are for. */
function labelled<T extends { labels: Record<string, string> }>(clusters: T[], group: string): T[] {
  return clusters.map((cluster) => ({ ...cluster, labels: { ...cluster.labels, bench: group } }));
}

/** POST /v1/deployments to one group's clusters, then follow its event stream to the end and GET it, as `fleetplane deploy --wait` does. */
async function deployAndFollow(
  plane: RunningControlPlane,
  group: string,
  timeoutMs = 60_000,
): Promise<{ deployment: DeploymentBody; streamed: number }> {
  const admin = bearer(plane.adminToken);
  const api = new ApiClient({ url: plane.url, token: plane.adminToken });
  const created = await plane.http
    .post('/v1/deployments')
    .set(admin)
    .send({
      application: 'web',
      release: '1.0.0',
      placement: { selector: { matchLabels: { bench: group } } },
      strategy: { type: 'AllAtOnce', maxConcurrency: MAX_CONCURRENCY },
    });
  if (created.status !== 201) throw new Error(`deployment: ${created.status} ${created.text}`);
  const id = created.body.id as string;
  let streamed = 0;
  await within(timeoutMs, `deployment ${id} is not final after ${timeoutMs} ms`, async () => {
    for await (const events of api.events(`v1/deployments/${id}/events`)) streamed += events.length;
  });
  const final = await plane.http.get(`/v1/deployments/${id}`).set(admin);
  if (!FINAL_STATES.includes(final.body.state))
    throw new Error(`deployment ${id} still ${final.body.state} after ${timeoutMs} ms`);
  return { deployment: final.body as DeploymentBody, streamed };
}

/** The timed rollout: {@link deployAndFollow} to the N clusters, with what it cost. */
async function fanOut(
  plane: RunningControlPlane,
  sandbox: SandboxProcess,
  clusters: Array<{ name: string }>,
  group: string,
): Promise<PlaneResult> {
  const admin = bearer(plane.adminToken);
  const baselineRssMb = process.memoryUsage.rss() / 2 ** 20;
  const timeoutMs = 60_000 + clusters.length * 200;
  let streamed = 0;
  const profileFile = process.env.FANOUT_CPU_PROFILE?.replace('{n}', String(clusters.length));
  const queries = QueryCounter.install();
  const tlsConnections = TlsCounter.install();
  const pool = (plane.dataSource.driver as unknown as { master?: { waitingCount: number } }).master;
  let maxPoolWaiting = 0;
  const poolSampler = setInterval(() => (maxPoolWaiting = Math.max(maxPoolWaiting, pool?.waitingCount ?? 0)), 20);
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  const sandboxCpuBefore = processCpuMs(sandbox.pid);
  loopDelay.enable();
  queries.start();
  tlsConnections.start();
  const run = await measure(() =>
    withCpuProfile(profileFile, async () => {
      const followed = await deployAndFollow(plane, group, timeoutMs);
      streamed = followed.streamed;
      return followed.deployment;
    }),
  );
  const queryTallies = queries.stop();
  const tlsCount = tlsConnections.stop();
  loopDelay.disable();
  clearInterval(poolSampler);
  const sandboxCpuMs = processCpuMs(sandbox.pid) - sandboxCpuBefore;
  const deployment = run.result;
  const getCosts: number[] = [];
  for (let i = 0; i < 3; i++)
    getCosts.push((await measure(() => plane.http.get(`/v1/deployments/${deployment.id}`).set(admin))).cpuMs);
  const [timing] = await plane.dataSource.query(
    `SELECT extract(epoch FROM finished_at - created_at) * 1000 AS ms FROM deployments WHERE id = $1`,
    [deployment.id],
  );
  const targets: Record<string, number> = {};
  for (const target of deployment.targets) targets[target.state] = (targets[target.state] ?? 0) + 1;
  return {
    clusters: clusters.length,
    wallMs: run.wallMs,
    serverMs: Number(timing.ms),
    cpuMs: run.cpuMs,
    systemCpuMs: run.systemCpuMs,
    peakRssMb: run.peakRssMb,
    baselineRssMb,
    state: deployment.state,
    targets,
    failures: deployment.targets
      .filter((target) => target.state !== 'Ready')
      .slice(0, 5)
      .map((target) => `${target.cluster}: ${target.state}: ${target.lastError}`),
    requests: await countRequests(sandbox, clusters),
    getCpuMs: percentile(getCosts, 50),
    events: streamed,
    queries: queryTallies,
    tlsConnections: tlsCount,
    maxPoolWaiting,
    eventLoopDelayP99Ms: loopDelay.percentile(99) / 1e6,
    eventLoopDelayMaxMs: loopDelay.max / 1e6,
    sandboxCpuMs,
    phases: await phasesOf(plane, deployment.id),
  };
}

/** Per-target phase times from the deployment's event history (the live stream's source). */
async function phasesOf(plane: RunningControlPlane, id: string): Promise<Phases> {
  const rows: Array<{ subject: string; state: string; ms: string }> = await plane.dataSource.query(
    `SELECT e.subject, e.state, extract(epoch FROM e.at - d.created_at) * 1000 AS ms
     FROM deployment_events e JOIN deployments d ON d.id = e.deployment_id
     WHERE e.deployment_id = $1 AND e.subject <> 'deployment'`,
    [id],
  );
  const byTarget = new Map<string, Record<string, number>>();
  for (const row of rows) {
    const times = byTarget.get(row.subject) ?? {};
    times[row.state] = Number(row.ms);
    byTarget.set(row.subject, times);
  }
  const all = [...byTarget.values()];
  const started = all.map((times) => times.Applying);
  const apply = all.map((times) => times.WaitingReady - times.Applying);
  const ready = all.map((times) => times.Ready - times.WaitingReady);
  return {
    startedP50: percentile(started, 50),
    startedMax: percentile(started, 100),
    applyP50: percentile(apply, 50),
    applyP95: percentile(apply, 95),
    readyP50: percentile(ready, 50),
    readyP95: percentile(ready, 95),
  };
}

function describeQueries(tallies: QueryTally[], n: number): string {
  const count = tallies.reduce((sum, tally) => sum + tally.count, 0);
  const rows = tallies.reduce((sum, tally) => sum + tally.rows, 0);
  const top = tallies
    .slice(0, 6)
    .map(
      (tally) =>
        `${tally.count} ${tally.kind} (${tally.rows > tally.count ? `${tally.rows} rows, ` : ''}${kilobytes(tally.sentChars)} sent)`,
    )
    .join(', ');
  const sent = tallies.reduce((sum, tally) => sum + tally.sentChars, 0);
  return `${count} database queries (${(count / n).toFixed(1)} per cluster; ${rows} rows returned; ${kilobytes(sent)} of statements and parameters sent; most frequent: ${top})`;
}

function kilobytes(chars: number): string {
  return `${(chars / 1024).toFixed(0)} KB`;
}

async function within(ms: number, message: string, work: () => Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, fail) => (timer = setTimeout(() => fail(new Error(message)), ms)));
  try {
    await Promise.race([work(), late]);
  } finally {
    clearTimeout(timer);
  }
}

function percentile(values: number[], p: number): number {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

interface DeploymentBody {
  id: string;
  state: string;
  targets: Array<{ cluster: string; state: string; lastError: string }>;
}

/**
 * The user's script: a `while read` loop of `kubectl apply`, or the same list through `xargs -P 16`. Each
 * kubectl runs under /usr/bin/time to record its max RSS; each approach gets its own empty discovery cache
 * (the clusters are new to kubectl, as on a first deploy).
 */
async function kubectlLoop(
  mode: 'sequential' | 'parallel',
  sandbox: SandboxProcess,
  clusters: Array<{ name: string; kubeconfigPath: string }>,
  releaseFile: string,
  dir: string,
): Promise<KubectlResult> {
  const list = join(dir, `${mode}.list`);
  const rss = join(dir, `${mode}.rss`);
  const cache = join(dir, `${mode}-cache`);
  await mkdir(cache);
  await writeFile(list, clusters.map((cluster) => cluster.kubeconfigPath).join('\n') + '\n');
  const apply = `/usr/bin/time -f %M -a -o ${rss} ${KUBECTL} apply --server-side --field-manager=bench -f ${releaseFile} --cache-dir ${cache}`;
  const script =
    mode === 'sequential'
      ? `while read -r k; do ${apply} --kubeconfig "$k" > /dev/null || exit 1; done < ${list}`
      : `xargs -P ${PARALLELISM} -I{} ${apply} --kubeconfig {} < ${list} > /dev/null`;
  const cpuBefore = endedChildrenCpuMs();
  const started = performance.now();
  await runShell(script);
  const wallMs = performance.now() - started;
  const cpuMs = endedChildrenCpuMs() - cpuBefore;
  const rssKb = (await readFile(rss, 'utf8'))
    .split('\n')
    .map(Number)
    .filter((value) => value > 0);
  if (rssKb.length !== clusters.length) throw new Error(`${mode}: ${rssKb.length} kubectl runs for ${clusters.length}`);
  return {
    clusters: clusters.length,
    wallMs,
    cpuMs,
    processRssMb: Math.max(...rssKb) / 1024,
    requests: await countRequests(sandbox, clusters),
  };
}

function runShell(script: string): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn('bash', ['-c', script], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    child.once('error', fail);
    child.once('exit', (code) => (code === 0 ? done() : fail(new Error(`kubectl loop exited ${code}: ${stderr}`))));
  });
}

async function countRequests(sandbox: SandboxProcess, clusters: Array<{ name: string }>): Promise<Requests> {
  const logs: SandboxRequest[][] = await sandbox.requestLogs(clusters.map((cluster) => cluster.name));
  const byMethod = new Map<string, number>();
  let total = 0;
  for (const entries of logs) {
    total += entries.length;
    for (const entry of entries) byMethod.set(entry.method, (byMethod.get(entry.method) ?? 0) + 1);
  }
  const perCluster = total / clusters.length;
  return {
    perCluster,
    byMethod: [...byMethod.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([method, count]) => `${(count / clusters.length).toFixed(1)} ${method}`)
      .join(', '),
  };
}

function table(results: RunResult[]): string {
  const rows: string[] = [];
  for (const { n, plane, kubectl } of results) {
    if (!kubectl) continue;
    const { sequential, parallel } = kubectl;
    const sequentialForN = (sequential.wallMs / sequential.clusters) * n;
    const parallelForN = (parallel.wallMs / parallel.clusters) * n;
    const scaled = (result: KubectlResult, forN: number) =>
      result.clusters === n
        ? `**${seconds(forN)}** (measured)`
        : `**${seconds(forN)}** (extrapolated: ${seconds(result.wallMs)} measured on ${result.clusters})`;
    const targets = Object.entries(plane.targets)
      .map(([state, count]) => `${count} ${state}`)
      .join(', ');
    rows.push(
      `| ${n} | Fleetplane (${plane.state}: ${targets}) | **${seconds(plane.wallMs)}** (server ${seconds(plane.serverMs)}) | ${(plane.cpuMs / n).toFixed(2)} ms | ${plane.peakRssMb.toFixed(0)} MB (${plane.baselineRssMb.toFixed(0)} MB before) | ${plane.requests.perCluster.toFixed(1)} (${plane.requests.byMethod}) | — |`,
      `| ${n} | kubectl, sequential loop | ${scaled(sequential, sequentialForN)} | ${(sequential.cpuMs / sequential.clusters).toFixed(0)} ms | ${sequential.processRssMb.toFixed(0)} MB per kubectl | ${sequential.requests.perCluster.toFixed(1)} (${sequential.requests.byMethod}) | **${(sequentialForN / plane.wallMs).toFixed(1)}×** |`,
      `| ${n} | kubectl, \`xargs -P ${PARALLELISM}\` | ${scaled(parallel, parallelForN)} | ${(parallel.cpuMs / parallel.clusters).toFixed(0)} ms | ${parallel.processRssMb.toFixed(0)} MB per kubectl (×${PARALLELISM} at once) | ${parallel.requests.perCluster.toFixed(1)} (${parallel.requests.byMethod}) | **${(parallelForN / plane.wallMs).toFixed(1)}×** |`,
    );
  }
  return [
    '| N clusters | approach | wall time for N | CPU per cluster-apply | peak RSS | requests per cluster | Fleetplane faster by |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

function targetsMet(results: RunResult[]): string {
  const largest = results.reduce((a, b) => (b.n > a.n ? b : a));
  const { n, plane, kubectl } = largest;
  if (!kubectl) return '';
  const { sequential, parallel } = kubectl;
  const sequentialRatio = ((sequential.wallMs / sequential.clusters) * n) / plane.wallMs;
  const parallelRatio = ((parallel.wallMs / parallel.clusters) * n) / plane.wallMs;
  const check = (met: boolean) => (met ? 'met' : '**missed**');
  return [
    `Targets at N=${n}:`,
    `- under 15 s: ${seconds(plane.wallMs)} — ${check(plane.wallMs < 15_000)}${n < 1000 ? ' (the target is for 1,000 clusters)' : ''}`,
    `- at least 50× faster than the sequential loop: ${sequentialRatio.toFixed(1)}× — ${check(sequentialRatio >= 50)}`,
    `- at least 5× faster than xargs -P ${PARALLELISM}: ${parallelRatio.toFixed(1)}× — ${check(parallelRatio >= 5)}`,
    `- under 2 ms control-plane CPU per cluster-apply: ${(plane.cpuMs / n).toFixed(2)} ms — ${check(plane.cpuMs / n < 2)}`,
  ].join('\n');
}

function notes(results: RunResult[]): string {
  const lines = results.flatMap(({ n, plane, runs }) => [
    `- N=${n}: ${runs.length} runs, each on a fresh sandbox and control plane, in this order: CPU per cluster ${runs.map((run) => `${(run.cpuMs / n).toFixed(2)} ms`).join(', ')}; wall time ${runs.map((run) => seconds(run.wallMs)).join(', ')}. The table and these notes show the median by CPU.`,
    `- N=${n}, where the control plane's time went: ${(plane.systemCpuMs / n).toFixed(2)} ms per cluster of its CPU in the kernel; ${describeQueries(plane.queries, n)}; up to ${plane.maxPoolWaiting} queries queued for one of the pool's connections; ${plane.tlsConnections} TLS connections opened (${(plane.tlsConnections / n).toFixed(1)} per cluster); event-loop delay p99 ${plane.eventLoopDelayP99Ms.toFixed(0)} ms, max ${plane.eventLoopDelayMaxMs.toFixed(0)} ms; the sandbox process used ${(plane.sandboxCpuMs / 1000).toFixed(1)} s CPU in the same window (${nproc()} cores shared). Per target, after the POST: started p50 ${seconds(plane.phases.startedP50)}, last ${seconds(plane.phases.startedMax)}; apply (Applying→WaitingReady) p50 ${seconds(plane.phases.applyP50)}, p95 ${seconds(plane.phases.applyP95)}; readiness + prune (WaitingReady→Ready) p50 ${seconds(plane.phases.readyP50)}, p95 ${seconds(plane.phases.readyP95)}.`,
    `- N=${n}: the wait read ${plane.events} events from \`GET /v1/deployments/:id/events\` and then made one GET of the finished deployment (as \`fleetplane deploy --wait\`), which costs ${plane.getCpuMs.toFixed(1)} ms CPU (${(plane.getCpuMs / n).toFixed(2)} ms per cluster).`,
    ...plane.failures.map((failure) => `- N=${n}: not Ready: ${failure}`),
  ]);
  return lines.join('\n');
}

/**
 * The experiment for N, TIMED_RUNS times from scratch (the kubectl loops in the first only): single runs
 * on this shared machine vary by a quarter, so the run of median CPU stands for N, with all listed.
 */
async function measuredRuns(n: number): Promise<RunResult> {
  const first = await runOne(n, !PLANE_ONLY);
  const runs = [first.plane];
  for (let run = 1; run < TIMED_RUNS; run++) runs.push((await runOne(n, false)).plane);
  const median = [...runs].sort((a, b) => a.cpuMs - b.cpuMs)[Math.floor((runs.length - 1) / 2)];
  return { ...first, plane: median, runs };
}

async function main(counts: number[]): Promise<void> {
  const results: RunResult[] = [];
  for (const n of counts) results.push(await measuredRuns(n));
  if (PLANE_ONLY) return console.log(notes(results));
  const kubectlVersion = await new Promise<string>((done) => {
    const child = spawn(KUBECTL, ['version', '--client'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', () => done(out.split('\n')[0]?.trim() ?? 'unknown'));
  });
  const command = `DATABASE_URL=${process.env.DATABASE_URL ?? ''} node dist/bench/fanout.js ${counts.join(' ')}`;
  const report = [table(results), '', targetsMet(results), '', notes(results)].join('\n');
  console.log(report);
  const repo = repositoryRoot();
  if (repo) {
    const file = join(repo, 'bench', 'FANOUT_RESULTS.md');
    const markdown = [
      '# Fan-out: one 10-object release to N clusters (issue 5)',
      '',
      `\`${command.trim()}\` (\`bench/fanout.ts\`; build first with \`node scripts/build.mjs\`).`,
      '',
      `Machine: ${nproc()} cores (\`nproc\`), Node ${process.version}, ${kubectlVersion}, ${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded database'}; ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
      '',
      METHOD,
      '',
      report,
      '',
    ].join('\n');
    await writeFile(file, await formatted(markdown, file));
    log(`wrote ${file}`);
  }
}

const METHOD = `For each N, a fresh sandbox process (\`sandbox serve --pod-start-ms 50 --pod-ready-ms 50\`) with N clusters for the
control plane plus disjoint fresh clusters for each kubectl variant, and a fresh control plane (in this process,
on its own database). Every sandbox request is answered ${LATENCY_MS} ms late. The control plane registers its N clusters over
the API and runs one health round (not timed; in steady state the prober keeps a warm HTTP/2 connection to every
cluster, and the rollout uses it). An untimed rollout to ${WARM_UP_CLUSTERS} other clusters comes first, so the timed one meets
a process that has run a rollout before, as a running control plane has (FANOUT_WARM_UP=0 skips it: a cold
process). Then one \`POST /v1/deployments\` (placement by label to the N clusters, \`AllAtOnce\`, maxConcurrency
${MAX_CONCURRENCY}) is timed until its event stream ends and \`GET /v1/deployments/:id\` shows it final, as \`fleetplane deploy --wait\` follows it —
which means every target applied, confirmed Ready at the applied generation, and checked for objects to prune.
All of that is done ${TIMED_RUNS} times from scratch (FANOUT_RUNS), the kubectl loops in the first run only, and the
control plane's run of median CPU is reported, because single runs on this shared machine vary by a quarter.
"server" is created_at → finished_at as stored. CPU and peak RSS are this process's (the control plane plus the
polling), not the sandbox's. kubectl: \`${KUBECTL} apply --server-side --field-manager=bench -f release.yaml
--kubeconfig X\` (a fresh \`--cache-dir\` per variant: each cluster is new to kubectl, as on a first deploy), in a
\`while read\` loop or through \`xargs -P ${PARALLELISM}\`; kubectl only applies and does not wait for readiness. Its CPU is
the children's user+system time; at large N both loops run on a sample of clusters (at most ${SEQUENTIAL_SAMPLE} sequential,
${PARALLEL_SAMPLE} in parallel) and the wall time is extrapolated linearly to N, as marked. Requests per cluster
come from the sandbox's request log (apply only; registration and the health round are not counted). Set
FANOUT_CPU_PROFILE=/tmp/fanout-{n}.cpuprofile to profile the timed fan-out alone (it slows the control plane).`;

/** As `prettier --write` would leave it (CI checks the formatting), or unchanged without prettier. */
async function formatted(markdown: string, file: string): Promise<string> {
  try {
    const prettier = await import('prettier');
    return await prettier.format(markdown, { ...(await prettier.resolveConfig(file)), filepath: file });
  } catch {
    return markdown;
  }
}

function repositoryRoot(): string | undefined {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir))
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'bench'))) return dir;
  return undefined;
}

const nproc = () => availableParallelism();
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const log = (message: string) => console.error(message);

const counts = process.argv.slice(2).map(Number);
main(counts.length > 0 ? counts : [10, 100, 1000]).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
