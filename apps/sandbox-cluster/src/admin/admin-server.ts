import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { SandboxCluster } from '../cluster/sandbox-cluster';
import { SandboxFault, validateFault } from '../faults/faults';
import { readBody, sendJson } from '../server/http-io';

export interface AdminClusterView {
  name: string;
  labels: Record<string, string>;
  server: string;
  kubeconfigPath: string;
}

/**
 * The sandbox's admin endpoint (plain HTTP on 127.0.0.1): lists clusters, injects and clears faults,
 * and reads or clears each cluster's request log. The `fault` CLI command talks to it.
 *
 *   GET    /clusters
 *   POST   /clusters/:name/faults     body: SandboxFault (merged into the active faults)
 *   DELETE /clusters/:name/faults
 *   GET    /clusters/:name/requests
 *   DELETE /clusters/:name/requests
 *   POST   /clusters/:name/clock      body: {"advanceSeconds": n} (moves the CronJob/HPA clock forward)
 *   PUT    /clusters/:name/metrics/:namespace/:hpa   body: {"cpuUtilization": percent}
 *   DELETE /clusters/:name/metrics/:namespace/:hpa
 */
export function createAdminServer(
  clusters: () => SandboxCluster[],
  describe: (cluster: SandboxCluster) => AdminClusterView,
): Server {
  return createServer((request, response) => {
    handle(request, response, clusters(), describe).catch((error: Error) =>
      sendJson(response, 500, { error: error.message }),
    );
  });
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  clusters: SandboxCluster[],
  describe: (cluster: SandboxCluster) => AdminClusterView,
): Promise<void> {
  const segments = new URL(request.url ?? '/', 'http://admin').pathname
    .split('/')
    .filter(Boolean)
    .map(decodeURIComponent);
  const method = request.method ?? 'GET';
  if (segments[0] !== 'clusters') return sendJson(response, 404, { error: 'not found' });
  if (segments.length === 1 && method === 'GET') {
    return sendJson(
      response,
      200,
      clusters.map((cluster) => ({ ...describe(cluster), faults: cluster.currentFaults() })),
    );
  }
  const cluster = clusters.find((candidate) => candidate.name === segments[1]);
  if (!cluster) return sendJson(response, 404, { error: `no cluster named ${segments[1]}` });
  const resource = segments[2];
  if (resource === 'faults') {
    if (method === 'GET') return sendJson(response, 200, cluster.currentFaults());
    if (method === 'DELETE') {
      await cluster.clearFaults();
      return sendJson(response, 200, cluster.currentFaults());
    }
    if (method === 'POST' || method === 'PUT') {
      let fault: SandboxFault;
      try {
        fault = JSON.parse((await readBody(request)) || '{}') as SandboxFault;
      } catch {
        return sendJson(response, 400, { error: 'body must be a JSON fault' });
      }
      const problems = validateFault(fault);
      if (problems.length > 0) return sendJson(response, 400, { error: problems.join('; ') });
      await cluster.injectFault(fault);
      return sendJson(response, 200, cluster.currentFaults());
    }
  }
  if (resource === 'clock' && method === 'POST') {
    const body = await readJson(request);
    const seconds = body?.advanceSeconds;
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0)
      return sendJson(response, 400, { error: 'advanceSeconds must be a non-negative number' });
    return sendJson(response, 200, { offsetSeconds: cluster.advanceClock(seconds) });
  }
  if (resource === 'metrics' && segments.length === 5) {
    const [namespace, hpa] = segments.slice(3);
    if (method === 'DELETE') {
      cluster.setCpuUtilization(namespace, hpa, undefined);
      return sendJson(response, 200, {});
    }
    if (method === 'PUT' || method === 'POST') {
      const percent = (await readJson(request))?.cpuUtilization;
      if (typeof percent !== 'number' || !Number.isFinite(percent) || percent < 0)
        return sendJson(response, 400, { error: 'cpuUtilization must be a non-negative number' });
      cluster.setCpuUtilization(namespace, hpa, percent);
      return sendJson(response, 200, { cpuUtilization: percent });
    }
  }
  if (resource === 'requests') {
    if (method === 'GET') return sendJson(response, 200, cluster.requestLog.read());
    if (method === 'DELETE') {
      cluster.requestLog.clear();
      return sendJson(response, 200, []);
    }
  }
  sendJson(response, 404, { error: 'not found' });
}

/** The body as a JSON object, or undefined when it is not one. */
async function readJson(request: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  try {
    const parsed: unknown = JSON.parse((await readBody(request)) || '{}');
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
