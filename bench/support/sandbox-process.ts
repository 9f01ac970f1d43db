import { ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export interface SandboxProcessInfo {
  adminUrl: string;
  clusters: Array<{ name: string; labels: Record<string, string>; server: string; kubeconfigPath: string }>;
}

export interface SandboxProcess {
  info: SandboxProcessInfo;
  /** The sandbox's process id (to read its CPU time from /proc). */
  pid: number;
  /** Applies a fault to every cluster through the admin endpoint. */
  faultAll(fault: Record<string, unknown>): Promise<void>;
  /** Each named cluster's request log (oldest first), read through the admin endpoint, 50 clusters at a time. */
  requestLogs(names: readonly string[]): Promise<SandboxRequest[][]>;
  /** Empties the request log of each named cluster. */
  clearRequestLogs(names: readonly string[]): Promise<void>;
  stop(): Promise<void>;
}

/** One entry of a sandbox cluster's request log. */
export interface SandboxRequest {
  time: string;
  method: string;
  path: string;
  status: number;
  latencyMs: number;
  userAgent?: string;
}

const MAIN = resolve(__dirname, '../../apps/sandbox-cluster/src/main.js');

/**
 * The sandbox in its own process, as `npm run sandbox` runs it, so that the control plane's CPU and
 * memory are measured apart from the simulated clusters'. `extraArgs` go to `sandbox serve` as they are
 * (for example `['--pod-start-ms', '50', '--pod-ready-ms', '50']`).
 */
export async function startSandboxProcess(
  clusters: number,
  kubeconfigDir: string,
  extraArgs: readonly string[] = [],
): Promise<SandboxProcess> {
  const child = spawn(
    process.execPath,
    [MAIN, '--clusters', String(clusters), '--kubeconfig-dir', kubeconfigDir, ...extraArgs],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((ready, fail) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('try: kubectl')) ready();
    });
    child.once('exit', (code) => fail(new Error(`sandbox exited with ${code}`)));
  });
  child.stdout!.resume();
  const info = JSON.parse(await readFile(join(kubeconfigDir, 'sandbox.json'), 'utf8')) as SandboxProcessInfo;
  const eachCluster = async <T>(names: readonly string[], call: (name: string) => Promise<T>): Promise<T[]> => {
    const results: T[] = [];
    for (let i = 0; i < names.length; i += 50) results.push(...(await Promise.all(names.slice(i, i + 50).map(call))));
    return results;
  };
  const admin = async (name: string, resource: string, method: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`${info.adminUrl}/clusters/${encodeURIComponent(name)}/${resource}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`sandbox admin ${method} ${name}/${resource}: ${response.status} ${text}`);
    return JSON.parse(text) as unknown;
  };
  return {
    info,
    pid: child.pid!,
    async faultAll(fault) {
      await eachCluster(
        info.clusters.map((cluster) => cluster.name),
        (name) => admin(name, 'faults', 'POST', fault),
      );
    },
    requestLogs: (names) => eachCluster(names, (name) => admin(name, 'requests', 'GET') as Promise<SandboxRequest[]>),
    async clearRequestLogs(names) {
      await eachCluster(names, (name) => admin(name, 'requests', 'DELETE'));
    },
    stop: () => stopChild(child),
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}
