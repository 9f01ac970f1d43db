// Issue 18's benchmark: the console's initial JavaScript (gzipped) and, with 1,000 sandbox clusters
// registered, how long the clusters view takes to become interactive in Chromium (navigation start to the
// first page of rows rendered, read through the Performance API), side by side with the same API calls made
// by curl. Run: node scripts/build.mjs && node dist/bench/console.js [clusters] [runs]
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { HealthProber } from '../apps/control-plane/src/clusters/health/health-prober';
import { CONSOLE_DIR } from '../apps/control-plane/src/console/serve-console';
import { InPage, launchBrowser } from '../test/support/browser';
import { startControlPlane } from '../test/support/control-plane';
import { registerClusters } from './support/register-clusters';
import { startSandboxProcess } from './support/sandbox-process';

const run = promisify(execFile);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** The scripts index.html loads at once (its module entry and what it preloads), gzipped. */
async function initialJavaScriptGzipBytes(): Promise<number> {
  const index = await readFile(join(CONSOLE_DIR, 'index.html'), 'utf8');
  const scripts = [...index.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((match) => match[1]);
  let total = 0;
  for (const script of scripts) total += gzipSync(await readFile(join(CONSOLE_DIR, script))).length;
  return total;
}

/** The two calls the clusters view makes (who am I, the first page of clusters), by curl, in ms. */
async function curlMs(url: string, token: string): Promise<number> {
  let total = 0;
  for (const path of ['/v1/whoami', '/v1/clusters?limit=100']) {
    const { stdout } = await run('curl', [
      '-s',
      '-o',
      '/dev/null',
      '-w',
      '%{time_total}',
      '-H',
      `Authorization: Bearer ${token}`,
      `${url}${path}`,
    ]);
    total += Number(stdout) * 1000;
  }
  return total;
}

async function main(count: number, runs: number): Promise<void> {
  const gzipBytes = await initialJavaScriptGzipBytes();
  const dir = await mkdtemp(join(tmpdir(), 'fleetplane-bench-console-'));
  const sandbox = await startSandboxProcess(count, join(dir, 'kubeconfigs'));
  const plane = await startControlPlane(process.env.DATABASE_URL ? 'postgres' : 'embedded', {
    FLEETPLANE_RATE_LIMIT_PER_MINUTE: '1000000',
  });
  const browser = await launchBrowser();
  try {
    await registerClusters(plane.url, plane.adminToken, sandbox.info.clusters);
    await plane.app.get(HealthProber).probeAll(64);
    const { page } = await browser.newPage();
    await page.goto(`${plane.url}/sign-in`);
    await page.getByLabel('API token').fill(plane.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('tr[data-cluster]').first().waitFor();
    const browserMs: number[] = [];
    const curl: number[] = [];
    for (let i = 0; i < runs; i++) {
      await page.goto(`${plane.url}/clusters`);
      await page.waitForFunction(
        () => (globalThis as unknown as InPage).document.querySelectorAll('tr[data-cluster]').length >= 100,
      );
      browserMs.push(await page.evaluate(() => performance.now()));
      curl.push(await curlMs(plane.url, plane.adminToken));
    }
    console.log(`initial JavaScript: ${(gzipBytes / 1024).toFixed(1)} KB gzipped (target < 250 KB)\n`);
    console.log(
      `| clusters registered | clusters view interactive in Chromium (median of ${runs}, range) | same API calls by curl (median) |\n|---|---|---|\n| ${count} | ${median(browserMs).toFixed(0)} ms (${Math.min(...browserMs).toFixed(0)}–${Math.max(...browserMs).toFixed(0)}) | ${median(curl).toFixed(0)} ms |`,
    );
  } finally {
    await browser.close();
    await plane.close();
    await sandbox.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main(Number(process.argv[2] ?? 1000), Number(process.argv[3] ?? 5)).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
