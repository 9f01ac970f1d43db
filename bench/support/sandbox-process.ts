import { ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export interface SandboxProcessInfo {
  adminUrl: string;
  clusters: Array<{ name: string; labels: Record<string, string>; server: string; kubeconfigPath: string }>;
}

export interface SandboxProcess {
  info: SandboxProcessInfo;
  /** Applies a fault to every cluster through the admin endpoint. */
  faultAll(fault: Record<string, unknown>): Promise<void>;
  stop(): Promise<void>;
}

const MAIN = resolve(__dirname, '../../apps/sandbox-cluster/src/main.js');

/**
 * The sandbox in its own process, as `npm run sandbox` runs it, so that the control plane's CPU and
 * memory are measured apart from the simulated clusters'.
 */
export async function startSandboxProcess(clusters: number, kubeconfigDir: string): Promise<SandboxProcess> {
  const child = spawn(process.execPath, [MAIN, '--clusters', String(clusters), '--kubeconfig-dir', kubeconfigDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
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
  return {
    info,
    async faultAll(fault) {
      for (let i = 0; i < info.clusters.length; i += 50) {
        await Promise.all(
          info.clusters.slice(i, i + 50).map((cluster) =>
            fetch(`${info.adminUrl}/clusters/${cluster.name}/faults`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify(fault),
            }).then((r) => r.arrayBuffer()),
          ),
        );
      }
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
