// Benchmark of one sandbox process: server-side apply throughput over HTTPS on loopback, memory
// with 100 clusters x 50 Deployments, and start-up cost of 1,000 clusters.
// Usage: node .build/sandbox/bench/sandbox/sandbox-bench.js [--clusters 100] [--deployments 50] [--seconds 10]
// The load generator runs in a forked child so the sandbox process is measured on its own.
import { fork } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getHeapSpaceStatistics } from 'node:v8';
import { SandboxClusterInfo, startSandbox } from '@fleetplane/sandbox';

interface LoadPlan {
  clusters: Array<Pick<SandboxClusterInfo, 'name' | 'server' | 'caPem' | 'token'>>;
  deployments: number;
  seconds: number;
  concurrency: number;
}

interface LoadResult {
  createMs: number;
  applies: number;
  seconds: number;
  failures: number;
  p50Ms: number;
  p99Ms: number;
}

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

function manifest(name: string, revision: number): string {
  return JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name,
      namespace: 'default',
      labels: { app: name, 'app.kubernetes.io/managed-by': 'fleetplane' },
      annotations: { 'fleetplane.io/revision': String(revision) },
    },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            {
              name: 'app',
              image: 'ghcr.io/example/app:1.0.0',
              ports: [{ containerPort: 8080, name: 'http' }],
              env: [{ name: 'MODE', value: 'production' }],
              resources: { requests: { cpu: '10m', memory: '16Mi' } },
            },
          ],
        },
      },
    },
  });
}

async function generateLoad(plan: LoadPlan): Promise<LoadResult> {
  const agents = new Map(
    plan.clusters.map((cluster) => [cluster.name, new Agent({ keepAlive: true, maxSockets: 4, ca: cluster.caPem })]),
  );
  const apply = (cluster: LoadPlan['clusters'][number], name: string, revision: number): Promise<number> =>
    new Promise((resolve, reject) => {
      const body = manifest(name, revision);
      const outgoing = request(
        `${cluster.server}/apis/apps/v1/namespaces/default/deployments/${name}?fieldManager=fleetplane&force=true`,
        {
          method: 'PATCH',
          agent: agents.get(cluster.name),
          headers: {
            Authorization: `Bearer ${cluster.token}`,
            'Content-Type': 'application/apply-patch+yaml',
            'Content-Length': Buffer.byteLength(body),
          },
        },
        (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode ?? 0));
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });

  const createStarted = performance.now();
  const targets = plan.clusters.flatMap((cluster) =>
    Array.from({ length: plan.deployments }, (_, index) => ({ cluster, name: `app-${index}` })),
  );
  let cursor = 0;
  await Promise.all(
    Array.from({ length: plan.concurrency }, async () => {
      while (cursor < targets.length) {
        const target = targets[cursor++];
        await apply(target.cluster, target.name, 0);
      }
    }),
  );
  const createMs = performance.now() - createStarted;

  const latencies: number[] = [];
  let failures = 0;
  let revision = 1;
  const deadline = performance.now() + plan.seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: plan.concurrency }, async (_, worker) => {
      for (let step = worker; performance.now() < deadline; step += plan.concurrency) {
        const target = targets[step % targets.length];
        const sent = performance.now();
        const status = await apply(target.cluster, target.name, revision++);
        latencies.push(performance.now() - sent);
        if (status !== 200) failures++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((left, right) => left - right);
  for (const agent of agents.values()) agent.destroy();
  return {
    createMs,
    applies: latencies.length,
    seconds,
    failures,
    p50Ms: latencies[Math.floor(latencies.length * 0.5)],
    p99Ms: latencies[Math.floor(latencies.length * 0.99)],
  };
}

function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(0);
}

interface Memory {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  /** Committed young generation: V8 grows it under allocation pressure and it counts in heapTotal. */
  newSpace: number;
  /** Memory outside the JS heap that V8 knows of (Buffers, TLS state tracked by Node). */
  external: number;
}

async function settledMemory(): Promise<Memory> {
  for (let round = 0; round < 3; round++) {
    (globalThis as { gc?: () => void }).gc?.();
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const usage = process.memoryUsage();
  const newSpace = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;
  return {
    rss: usage.rss,
    heapUsed: usage.heapUsed,
    heapTotal: usage.heapTotal,
    newSpace,
    external: usage.external,
  };
}

function memoryBreakdown(memory: Memory): string {
  return `heap used ${megabytes(memory.heapUsed)} MB of ${megabytes(memory.heapTotal)} MB committed (new space ${megabytes(memory.newSpace)} MB), external ${megabytes(memory.external)} MB`;
}

async function main(): Promise<void> {
  const clusterCount = argument('clusters', 100);
  const deployments = argument('deployments', 50);
  const seconds = argument('seconds', 10);
  const concurrency = argument('concurrency', 64);
  const largeFleet = argument('large-fleet', 1000);
  const dir = await mkdtemp(join(tmpdir(), 'sandbox-bench-'));

  const startup = performance.now();
  const sandbox = await startSandbox({
    clusters: Array.from({ length: clusterCount }, (_, index) => ({ name: `bench-${index + 1}` })),
    kubeconfigDir: dir,
    adminPort: false,
  });
  const startupMs = performance.now() - startup;
  const idle = await settledMemory();

  const child = fork(__filename, ['--load-generator'], { stdio: 'inherit' });
  const plan: LoadPlan = {
    clusters: sandbox.clusters.map(({ name, server, caPem, token }) => ({ name, server, caPem, token })),
    deployments,
    seconds,
    concurrency,
  };
  const result = await new Promise<LoadResult>((resolve, reject) => {
    child.once('message', (message) => resolve(message as LoadResult));
    child.once('error', reject);
    child.send(plan);
  });
  child.kill();
  // Let the controllers bring every Deployment's pods to Ready before measuring memory.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const loaded = await settledMemory();
  const objects = sandbox.clusters.length;
  await sandbox.stop();

  const fleetStart = performance.now();
  const fleet = await startSandbox({
    clusters: Array.from({ length: largeFleet }, (_, index) => ({ name: `fleet-${index + 1}` })),
    kubeconfigDir: join(dir, 'fleet'),
    adminPort: false,
  });
  const fleetStartMs = performance.now() - fleetStart;
  const fleetMemory = await settledMemory();
  await fleet.stop();
  await rm(dir, { recursive: true, force: true });

  const rate = result.applies / result.seconds;
  const lines = [
    '| Measurement | Result | Target |',
    '| --- | --- | --- |',
    `| Start ${clusterCount} clusters (CA, cert, HTTPS listener, kubeconfig each) | ${startupMs.toFixed(0)} ms | |`,
    `| Create ${clusterCount} x ${deployments} Deployments by server-side apply (concurrency ${concurrency}) | ${(result.createMs / 1000).toFixed(1)} s | |`,
    `| Server-side applies/s over HTTPS on loopback, ${clusterCount} clusters, each apply changes the object | **${rate.toFixed(0)}/s** (${result.applies} in ${result.seconds.toFixed(1)} s, ${result.failures} failed, p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms) | >= 2,000/s |`,
    `| Memory, ${clusterCount} idle clusters | RSS ${megabytes(idle.rss)} MB; ${memoryBreakdown(idle)} | |`,
    `| Memory, ${clusterCount} clusters x ${deployments} Deployments (2 replicas: + ${clusterCount * deployments} ReplicaSets, ${clusterCount * deployments * 2} Pods) | **RSS ${megabytes(loaded.rss)} MB**; ${memoryBreakdown(loaded)} | < 400 MB |`,
    `| Start ${largeFleet} clusters in one process | ${(fleetStartMs / 1000).toFixed(1)} s, RSS ${megabytes(fleetMemory.rss)} MB | possible |`,
  ];
  const report = [
    '# Sandbox cluster benchmark',
    '',
    `One Node ${process.version} process serving ${objects} clusters, load generated by a separate process on the same ${(await import('node:os')).cpus().length}-CPU machine.`,
    `Run: \`node --expose-gc .build/sandbox/bench/sandbox/sandbox-bench.js --clusters ${clusterCount} --deployments ${deployments} --seconds ${seconds}\``,
    '',
    ...lines,
    '',
  ].join('\n');
  console.log(report);
  await writeFile(join(__dirname, '..', '..', '..', '..', 'bench', 'sandbox', 'RESULTS.md'), report);
}

if (process.argv.includes('--load-generator')) {
  process.once('message', (plan) => {
    void generateLoad(plan as LoadPlan).then((result) => process.send!(result, () => process.exit(0)));
  });
} else {
  main().catch((error: Error) => {
    console.error(error);
    process.exit(1);
  });
}
