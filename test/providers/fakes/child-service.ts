import { ChildProcess, spawn } from 'node:child_process';

const STARTUP_TIMEOUT_MS = 30_000;

export interface ChildService {
  /** Stops it with SIGTERM, then SIGKILL after 5 s; resolves once it has exited. */
  stop(): Promise<void>;
}

/**
 * Starts a local service (moto_server, an emulator) as a child process and waits until `probeUrl`
 * answers 2xx, polling every `pollMs`. Fails with the tail of its stderr when it exits first or does not
 * answer within 30 s (and then stops it), so a missing binary or a port clash is reported, not waited out.
 */
export async function startChildService(
  description: string,
  command: string,
  args: readonly string[],
  probeUrl: string,
  pollMs = 100,
): Promise<ChildService> {
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('error', (error) => (stderr += `\n${error.message}`));
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (!(await answers(probeUrl))) {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
      throw new Error(`${description} exited with ${child.exitCode ?? child.signalCode ?? 'no process'}: ${stderr}`);
    }
    if (Date.now() > deadline) {
      await stop(child, exited);
      throw new Error(`${description} did not answer within ${STARTUP_TIMEOUT_MS} ms: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  return { stop: () => stop(child, exited) };
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

function stop(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
  child.kill('SIGTERM');
  return exited.finally(() => clearTimeout(force));
}
