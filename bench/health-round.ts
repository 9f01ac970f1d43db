// Issue 4's benchmark: 1,000 sandbox clusters registered; one full health round with 50 ms injected
// latency per request. Reports wall time, control-plane CPU and memory, at several concurrency bounds
// measured side by side in one run. Run: npm run build && node dist/bench/health-round.js [clusters]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HealthProber } from '../apps/control-plane/src/clusters/health/health-prober';
import { bearer, startControlPlane } from '../test/support/control-plane';
import { measure } from './support/measure';
import { startSandboxProcess } from './support/sandbox-process';

async function main(count: number): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'fleetplane-bench-health-'));
  const sandbox = await startSandboxProcess(count, join(dir, 'kubeconfigs'));
  const plane = await startControlPlane(process.env.DATABASE_URL ? 'postgres' : 'embedded', {
    FLEETPLANE_HEALTH_TIMEOUT_MS: '10000',
    FLEETPLANE_HEALTH_JITTER_MS: '0',
    FLEETPLANE_RATE_LIMIT_PER_MINUTE: '1000000',
  });
  try {
    const baselineRssMb = process.memoryUsage.rss() / 2 ** 20;
    const registration = await measure(() => registerAll(plane.url, plane.adminToken, sandbox.info.clusters));
    console.error(`registered ${count} clusters in ${(registration.wallMs / 1000).toFixed(1)} s`);
    await sandbox.faultAll({ latencyMs: 50 });
    const prober = plane.app.get(HealthProber);
    await prober.probeAll(64); // warm-up: TLS sessions, JIT, access cache
    const rows: string[] = [];
    for (const concurrency of [16, 64, 256]) {
      const round = await measure(() => prober.probeAll(concurrency));
      const healthy = await plane.dataSource.query(`SELECT count(*)::int AS n FROM clusters WHERE health = 'Healthy'`);
      rows.push(
        `| ${count} | ${concurrency} | ${(round.wallMs / 1000).toFixed(2)} s | ${round.cpuMs.toFixed(0)} ms (${(round.cpuMs / count).toFixed(2)} ms/cluster) | ${round.peakRssMb.toFixed(0)} MB | ${healthy[0].n}/${count} |`,
      );
    }
    console.log(`control plane RSS before registering: ${baselineRssMb.toFixed(0)} MB\n`);
    console.log(
      `| clusters | concurrency | round wall time | control-plane CPU | peak RSS | Healthy after |\n|---|---|---|---|---|---|\n${rows.join('\n')}`,
    );
  } finally {
    await plane.close();
    await sandbox.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function registerAll(
  url: string,
  token: string,
  clusters: Array<{ name: string; labels: Record<string, string>; kubeconfigPath: string }>,
): Promise<void> {
  const { readFile } = await import('node:fs/promises');
  let next = 0;
  const worker = async () => {
    while (next < clusters.length) {
      const cluster = clusters[next++];
      const response = await fetch(`${url}/v1/clusters`, {
        method: 'POST',
        headers: { ...bearer(token), 'content-type': 'application/json' },
        body: JSON.stringify({
          name: cluster.name,
          labels: cluster.labels,
          ref: { provider: 'sandbox', name: cluster.name, labels: cluster.labels },
          credential: { type: 'kubeconfig', kubeconfig: await readFile(cluster.kubeconfigPath, 'utf8') },
        }),
      });
      if (response.status !== 201)
        throw new Error(`registering ${cluster.name}: ${response.status} ${await response.text()}`);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

main(Number(process.argv[2] ?? 1000)).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
