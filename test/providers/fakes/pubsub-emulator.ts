import { startChildService } from './child-service';
import { freePort } from './free-port';

export interface RunningPubSubEmulator {
  /** `127.0.0.1:PORT`, the form the SDKs' `apiEndpoint` takes. */
  host: string;
  stop(): Promise<void>;
}

/** The gcloud SDK's component; its launcher execs Java, so the child is the emulator itself. */
const EMULATOR = '/usr/lib/google-cloud-sdk/platform/pubsub-emulator/bin/cloud-pubsub-emulator';

/** Starts Google's Pub/Sub emulator on a free port of 127.0.0.1 and waits until its REST API answers. */
export async function startPubSubEmulator(): Promise<RunningPubSubEmulator> {
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const emulator = await startChildService(
    'the Pub/Sub emulator',
    EMULATOR,
    [`--host=127.0.0.1`, `--port=${port}`],
    `http://${host}/v1/projects/probe/topics`,
    200,
  );
  return { host, stop: emulator.stop };
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
