import { ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../providers/fakes/free-port';

/** Debian's prometheus package; CI installs it when missing (.ci/run). */
const PROMETHEUS_BINARY = '/usr/bin/prometheus';
const STARTUP_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;

/**
 * A /metrics endpoint in the Prometheus text format serving gauges the test sets. A gauge is one metric
 * name with any number of series, each by its labels.
 */
export interface MetricsTarget {
  /** `127.0.0.1:<port>`, as a scrape config names a target. */
  address: string;
  /** Sets a series' value; a series never set is not served. */
  set(name: string, labels: Record<string, string>, value: number): void;
  /** Stops serving a series, so Prometheus marks it stale at its next scrape. */
  remove(name: string, labels: Record<string, string>): void;
  close(): Promise<void>;
}

export interface RunningPrometheus {
  /** The base URL of the HTTP API, `http://127.0.0.1:<port>`. */
  url: string;
  /**
   * Resolves once `query` returns a vector whose values all satisfy `accept` (at least one series), checking
   * every 250 ms; fails naming the last answer after `timeoutMs`.
   */
  waitForQuery(query: string, accept: (values: number[]) => boolean, timeoutMs?: number): Promise<void>;
  /** Stops the process (SIGTERM, SIGKILL after 5 s) and deletes its storage. */
  stop(): Promise<void>;
}

/** Starts a target on a free loopback port; values change at once, and Prometheus sees them at its next scrape. */
export async function startMetricsTarget(): Promise<MetricsTarget> {
  const series = new Map<string, { name: string; labels: Record<string, string>; value: number }>();
  const key = (name: string, labels: Record<string, string>) => `${name}${formatLabels(labels)}`;
  const server = createServer((request, response) => {
    if (request.url !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    const names = new Set([...series.values()].map((entry) => entry.name));
    const lines = [...names].flatMap((name) => [
      `# TYPE ${name} gauge`,
      ...[...series.values()]
        .filter((entry) => entry.name === name)
        .map((entry) => `${name}${formatLabels(entry.labels)} ${entry.value}`),
    ]);
    response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(`${lines.join('\n')}\n`);
  });
  await listen(server);
  return {
    address: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    set: (name, labels, value) => series.set(key(name, labels), { name, labels, value }),
    remove: (name, labels) => series.delete(key(name, labels)),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * Starts Prometheus on a free loopback port with temporary storage, scraping `targets` every second,
 * and waits until it is ready. The caller stops it in its `after` hook.
 */
export async function startPrometheus(targets: readonly string[]): Promise<RunningPrometheus> {
  const directory = await mkdtemp(join(tmpdir(), 'fleetplane-prometheus-'));
  const configFile = join(directory, 'prometheus.yml');
  await writeFile(configFile, scrapeConfig(targets));
  const port = await freePort();
  const child = spawn(
    PROMETHEUS_BINARY,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(directory, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const stopAll = async () => {
    await stop(child);
    await rm(directory, { recursive: true, force: true });
  };
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (!(await isReady(url))) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await stopAll();
      throw new Error(`prometheus exited with ${child.exitCode ?? child.signalCode}: ${stderr}`);
    }
    if (Date.now() > deadline) {
      await stopAll();
      throw new Error(`prometheus was not ready within ${STARTUP_TIMEOUT_MS} ms: ${stderr}`);
    }
    await delay(100);
  }
  return {
    url,
    waitForQuery: (query, accept, timeoutMs) => waitForQuery(url, query, accept, timeoutMs),
    stop: stopAll,
  };
}

function scrapeConfig(targets: readonly string[]): string {
  return [
    'global:',
    '  scrape_interval: 1s',
    '  evaluation_interval: 1s',
    'scrape_configs:',
    '  - job_name: test-target',
    '    static_configs:',
    `      - targets: [${targets.map((target) => `'${target}'`).join(', ')}]`,
    '',
  ].join('\n');
}

async function waitForQuery(
  url: string,
  query: string,
  accept: (values: number[]) => boolean,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'nothing yet';
  while (Date.now() <= deadline) {
    try {
      const response = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(query)}`, {
        signal: AbortSignal.timeout(2_000),
      });
      const body = (await response.json()) as { data?: { result?: { value: [number, string] }[] } };
      const values = (body.data?.result ?? []).map((entry) => Number(entry.value[1]));
      last = JSON.stringify(body);
      if (values.length > 0 && accept(values)) return;
    } catch (error) {
      last = String(error);
    }
    await delay(250);
  }
  throw new Error(`${query} did not reach the expected values within ${timeoutMs} ms; last answer: ${last}`);
}

async function isReady(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1_000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function listen(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
}

function formatLabels(labels: Record<string, string>): string {
  const pairs = Object.entries(labels).map(
    ([name, value]) => `${name}="${value.replace(/["\\\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`))}"`,
  );
  return pairs.length === 0 ? '' : `{${pairs.sort().join(',')}}`;
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
