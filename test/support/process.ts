import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { LOOPBACK_CLUSTER_NETWORKS } from './cluster-networks';

const MAIN = resolve(__dirname, '../../apps/control-plane/src/main.js');

export interface ControlPlaneProcess {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  stderr: () => string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** The built control plane as users run it: its own process, configured only by the environment. */
export async function spawnControlPlane(env: Record<string, string>, timeoutMs = 60_000): Promise<ControlPlaneProcess> {
  const child = spawn(process.execPath, ['--enable-source-maps', MAIN], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      FLEETPLANE_SANDBOX_CLUSTERS: '0',
      ...LOOPBACK_CLUSTER_NETWORKS,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk) => (out += chunk));
  child.stderr!.on('data', (chunk) => (err += chunk));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const url = await new Promise<string>((resolveUrl, reject) => {
    // A process that never came up is killed: left running, it would keep the spec file from exiting.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`control plane did not start in ${timeoutMs} ms:\n${err}`));
    }, timeoutMs);
    const watch = () => {
      const match = err.match(/listening on (http:\/\/[\d.]+:\d+)/);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    };
    child.stderr!.on('data', watch);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`control plane exited with ${code} before listening:\n${err}`));
    });
  });
  return {
    child,
    url,
    stdout: () => out,
    stderr: () => err,
    async stop(signal = 'SIGTERM') {
      child.kill(signal);
      return exited;
    },
  };
}

/** Runs the control plane expecting it to refuse to start; resolves with its exit code and stderr. */
export async function runToExit(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (chunk) => (err += chunk));
  const [code] = await once(child, 'exit');
  return { code: code as number | null, stderr: err };
}
