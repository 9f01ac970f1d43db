import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Sandbox, SandboxClusterInfo, SandboxClusterSpec, SandboxOptions, startSandbox } from '@fleetplane/sandbox';
import { repoRoot } from '../support/repo-root';

export const FIXTURES = join(repoRoot(), 'test', 'sandbox', 'fixtures');

export interface TestSandbox {
  sandbox: Sandbox;
  dir: string;
  /** Runs the real kubectl against one cluster, with a private discovery cache. */
  kubectl(cluster: string, args: string[], options?: { input?: string; timeoutMs?: number }): Promise<KubectlResult>;
  /** Runs kubectl with `-o json` against one cluster and parses what it printed; a non-zero exit fails with its stderr. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- whatever kubectl printed, as JSON.parse reads it
  kubectlJson(cluster: string, args: string[]): Promise<any>;
  /** Starts a long-running kubectl (get --watch) against one cluster and reads its output line by line. */
  watch(cluster: string, args: string[]): KubectlWatch;
  close(): Promise<void>;
}

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Fast timeline so rollouts finish in well under a second, and a failed Job pod is replaced after 100 ms. */
export const FAST_TIMELINE = { podStartMs: 30, podReadyMs: 30, jobRunMs: 100, jobBackoffMs: 100 };

export async function startTestSandbox(
  clusters: SandboxClusterSpec[],
  options: Partial<Omit<SandboxOptions, 'clusters' | 'kubeconfigDir'>> = {},
): Promise<TestSandbox> {
  const dir = await mkdtemp(join(tmpdir(), 'sandbox-test-'));
  const sandbox = await startSandbox({ clusters, kubeconfigDir: dir, timeline: FAST_TIMELINE, ...options });
  const kubectl = (cluster: string, args: string[], runOptions: { input?: string; timeoutMs?: number } = {}) =>
    runKubectl(join(dir, `${cluster}.kubeconfig`), join(dir, 'kube-cache', cluster), args, runOptions);
  return {
    sandbox,
    dir,
    kubectl,
    kubectlJson: async (cluster, args) => {
      const result = await kubectl(cluster, [...args, '-o', 'json']);
      assert.equal(result.code, 0, result.stderr);
      return JSON.parse(result.stdout);
    },
    watch: (cluster, args) => watchKubectl(join(dir, `${cluster}.kubeconfig`), join(dir, 'kube-cache', cluster), args),
    close: async () => {
      await sandbox.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Runs the real kubectl with the given kubeconfig and a private discovery cache. */
export function runKubectl(
  kubeconfig: string,
  cacheDir: string,
  args: string[],
  options: { input?: string; timeoutMs?: number } = {},
): Promise<KubectlResult> {
  return new Promise((resolve) => {
    const child = execFile(
      '/usr/bin/kubectl',
      ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args],
      { timeout: options.timeoutMs ?? 30_000, env: { ...process.env, KUBECONFIG: kubeconfig } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

export interface KubectlWatch {
  /**
   * Reads on from the line after the last one returned until `accept` returns a value for a line,
   * and returns that value: every line kubectl prints is seen, however briefly what it shows lasted.
   */
  next<T>(accept: (line: string) => T | undefined, timeoutMs?: number): Promise<T>;
  stop(): void;
}

/** Runs the real kubectl until stopped, collecting what it prints line by line (for `get --watch`). */
export function watchKubectl(kubeconfig: string, cacheDir: string, args: string[]): KubectlWatch {
  const child = spawn('/usr/bin/kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args], {
    env: { ...process.env, KUBECONFIG: kubeconfig },
  });
  const lines: string[] = [];
  let buffered = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    buffered += chunk;
    let newline;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      lines.push(buffered.slice(0, newline));
      buffered = buffered.slice(newline + 1);
    }
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (stderr += chunk));
  let cursor = 0;
  return {
    next: async (accept, timeoutMs = 5000) => {
      try {
        return await eventually(() => {
          while (cursor < lines.length) {
            const value = accept(lines[cursor++]);
            if (value !== undefined) return value;
          }
          if (child.exitCode !== null) throw new Error(`kubectl exited with ${child.exitCode}: ${stderr}`);
          return undefined;
        }, timeoutMs);
      } catch (error) {
        throw new Error(`${(error as Error).message}; kubectl printed:\n${lines.join('\n')}`);
      }
    },
    stop: () => child.kill(),
  };
}

export interface RecordedEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  name: string;
  ready: boolean;
  labels: Record<string, string>;
}

export interface WatchRecording {
  /** Every event so far, in the order the server sent them. */
  events: RecordedEvent[];
  stop(): void;
}

/** Records a watch on a collection path (e.g. /api/v1/namespaces/default/pods) as the server streams it. */
export async function recordWatch(cluster: SandboxClusterInfo, path: string): Promise<WatchRecording> {
  const events: RecordedEvent[] = [];
  let buffered = '';
  const outgoing = request(`${cluster.server}${path}?watch=true`, {
    ca: cluster.caPem,
    headers: { Authorization: `Bearer ${cluster.token}` },
  });
  await new Promise<void>((resolve, reject) => {
    outgoing.on('response', (response) => {
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffered += chunk;
        let newline;
        while ((newline = buffered.indexOf('\n')) >= 0) {
          const { type, object } = JSON.parse(buffered.slice(0, newline));
          buffered = buffered.slice(newline + 1);
          const conditions: Array<{ type: string; status: string }> = object.status?.conditions ?? [];
          events.push({
            type,
            name: object.metadata.name,
            ready: conditions.some((condition) => condition.type === 'Ready' && condition.status === 'True'),
            labels: object.metadata.labels ?? {},
          });
        }
      });
      response.on('error', () => undefined);
      resolve();
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
  return { events, stop: () => outgoing.destroy() };
}

/** @kubernetes/client-node v2 is ESM-only; Node 24 loads it through require(). */
export function clientNode(): typeof import('@kubernetes/client-node') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a static import compiles to the same require()
  return require('@kubernetes/client-node') as typeof import('@kubernetes/client-node');
}

export async function eventually<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs}ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Sends one request to a cluster over HTTPS as it is, for what kubectl cannot send (a repeated JSON key, an Accept). */
export function rawRequest(
  cluster: SandboxClusterInfo,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = request(`${cluster.server}${path}`, {
      method,
      ca: cluster.caPem,
      headers: {
        Authorization: `Bearer ${cluster.token}`,
        // Node sends a DELETE's body with neither length nor chunking unless told its length.
        ...(options.body === undefined ? {} : { 'Content-Length': Buffer.byteLength(options.body) }),
        ...options.headers,
      },
    });
    outgoing.on('response', (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}
