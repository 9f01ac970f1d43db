import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Sandbox, SandboxClusterSpec, SandboxOptions, startSandbox } from '../../apps/sandbox-cluster/src';

export const FIXTURES = join(__dirname, '..', '..', '..', '..', 'test', 'sandbox', 'fixtures');

export interface TestSandbox {
  sandbox: Sandbox;
  dir: string;
  /** Runs the real kubectl against one cluster, with a private discovery cache. */
  kubectl(cluster: string, args: string[], options?: { input?: string; timeoutMs?: number }): Promise<KubectlResult>;
  close(): Promise<void>;
}

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Fast timeline so rollouts finish in well under a second. */
export const FAST_TIMELINE = { podStartMs: 30, podReadyMs: 30, jobRunMs: 100 };

export async function startTestSandbox(
  clusters: SandboxClusterSpec[],
  options: Partial<Omit<SandboxOptions, 'clusters' | 'kubeconfigDir'>> = {},
): Promise<TestSandbox> {
  const dir = await mkdtemp(join(tmpdir(), 'sandbox-test-'));
  const sandbox = await startSandbox({ clusters, kubeconfigDir: dir, timeline: FAST_TIMELINE, ...options });
  return {
    sandbox,
    dir,
    kubectl: (cluster, args, runOptions = {}) =>
      new Promise((resolve) => {
        const kubeconfig = join(dir, `${cluster}.kubeconfig`);
        const child = execFile(
          '/usr/bin/kubectl',
          ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'kube-cache', cluster), ...args],
          { timeout: runOptions.timeoutMs ?? 30_000, env: { ...process.env, KUBECONFIG: kubeconfig } },
          (error, stdout, stderr) => {
            const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
            resolve({ code, stdout, stderr });
          },
        );
        if (runOptions.input !== undefined) child.stdin?.end(runOptions.input);
      }),
    close: async () => {
      await sandbox.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
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
