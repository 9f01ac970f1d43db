import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

export interface LoadResult {
  p50Ms: number;
  p99Ms: number;
  requestsPerSecond: number;
  /** Answers that were not 2xx, plus connection errors and timeouts: a case with any is not a measurement. */
  failures: number;
}

/**
 * Drives one URL with autocannon's command line for `seconds` at `connections` concurrent clients. It runs
 * in its own process, so the load generator does not share the control plane's event loop (it does share
 * the machine's cores).
 */
export async function loadTest(
  url: string,
  headers: Record<string, string>,
  connections: number,
  seconds: number,
): Promise<LoadResult> {
  const headerArgs = Object.entries(headers).flatMap(([name, value]) => ['-H', `${name}=${value}`]);
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      require.resolve('autocannon/autocannon.js'),
      '-j',
      '-c',
      String(connections),
      '-d',
      String(seconds),
      ...headerArgs,
      url,
    ],
    { maxBuffer: 16 * 2 ** 20 },
  );
  const result = JSON.parse(stdout) as {
    latency: { p50: number; p99: number };
    requests: { average: number };
    non2xx: number;
    errors: number;
    timeouts: number;
  };
  return {
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requestsPerSecond: result.requests.average,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}
