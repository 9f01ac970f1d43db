import { startChildService } from './child-service';
import { freePort } from './free-port';

export interface RunningMoto {
  endpoint: string;
  stop(): Promise<void>;
}

/** Starts Python moto's server (EKS and STS included) on a free port of 127.0.0.1 and waits until it answers. */
export async function startMoto(): Promise<RunningMoto> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const moto = await startChildService(
    'moto_server',
    'moto_server',
    ['-H', '127.0.0.1', '-p', String(port)],
    `${endpoint}/moto-api/`,
  );
  return { endpoint, stop: moto.stop };
}
