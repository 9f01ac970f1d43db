import { ChildProcess, spawn } from 'node:child_process';
import { freePort } from './free-port';

export interface RunningPubSubEmulator {
  /** `127.0.0.1:PORT`, the form the SDKs' `apiEndpoint` takes. */
  host: string;
  stop(): Promise<void>;
}

/** The gcloud SDK's component; its launcher execs Java, so the child is the emulator itself. */
const EMULATOR = '/usr/lib/google-cloud-sdk/platform/pubsub-emulator/bin/cloud-pubsub-emulator';
const STARTUP_TIMEOUT_MS = 30_000;

/** Starts Google's Pub/Sub emulator on a free port of 127.0.0.1 and waits until its REST API answers. */
export async function startPubSubEmulator(): Promise<RunningPubSubEmulator> {
  const port = await freePort();
  const child = spawn(EMULATOR, [`--host=127.0.0.1`, `--port=${port}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const host = `127.0.0.1:${port}`;
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (!(await answers(`http://${host}/v1/projects/probe/topics`))) {
    if (child.exitCode !== null) throw new Error(`the Pub/Sub emulator exited with ${child.exitCode}: ${stderr}`);
    if (Date.now() > deadline) {
      await stop(child);
      throw new Error(`the Pub/Sub emulator did not answer within ${STARTUP_TIMEOUT_MS} ms: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { host, stop: () => stop(child) };
}

/** Creates a resource through the emulator's REST API (`PUT v1/projects/P/topics/T`, `.../subscriptions/S`). */
export async function putPubSubResource(emulator: RunningPubSubEmulator, name: string, body: object): Promise<void> {
  const response = await fetch(`http://${emulator.host}/v1/${name}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`PUT ${name}: ${response.status} ${await response.text()}`);
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
