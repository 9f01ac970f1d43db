import type { KubeConfig } from '@kubernetes/client-node';
import { createApiServerAgent } from '@fleetplane/kube';
import type { Agent } from 'node:http';
import { request as httpsRequest, RequestOptions } from 'node:https';

export interface ApiServerAnswer {
  status: number;
  body: string;
}

/** Bodies of health endpoints are a few lines; anything longer is cut (unless a caller allows more) so a broken server cannot flood memory. */
const MAX_BODY_BYTES = 64 * 1024;

/** Parallel connections per cluster, shared by its probes, rollouts and drift checks. */
const MAX_SOCKETS = 4;

/**
 * One keep-alive agent per access (KubeConfig): a probe's requests, the next round's while the access
 * is cached, and the rollouts' and drift checks' requests (see {@link apiServerAgent}) reuse the TLS
 * connection instead of paying a handshake each time. Collected with the access.
 */
const agents = new WeakMap<KubeConfig, Agent>();

async function agentFor(
  kubeConfig: KubeConfig,
): Promise<{ agent: Agent; headers: RequestOptions['headers']; auth?: string | null }> {
  const options: RequestOptions = {};
  await kubeConfig.applyToHTTPSOptions(options);
  let agent = agents.get(kubeConfig);
  if (!agent) agents.set(kubeConfig, (agent = createApiServerAgent(kubeConfig, options, MAX_SOCKETS)));
  return { agent, headers: options.headers, auth: options.auth };
}

/**
 * Called when the access cache stops handing out this access (re-issued or forgotten): its idle
 * connections close now, and those still carrying a request close once it is answered. Without this an
 * expiring cloud token left one open connection per cluster behind at every re-issue, for as long as
 * the server kept it.
 */
export function retireApiServerAgent(kubeConfig: KubeConfig): void {
  const agent = agents.get(kubeConfig);
  if (!agent) return;
  agent.keepSocketAlive = () => false;
  for (const sockets of Object.values(agent.freeSockets)) for (const socket of sockets ?? []) socket.destroy();
}

/**
 * The kept-alive connections to the API server of this access, shared by everything that talks to the
 * cluster: the health prober keeps them warm, so a rollout starts without a TLS handshake.
 */
export async function apiServerAgent(kubeConfig: KubeConfig): Promise<Agent> {
  return (await agentFor(kubeConfig)).agent;
}

/**
 * One GET against the kubeconfig's current cluster, authenticated and TLS-verified exactly as the
 * kubeconfig says. Rejects with the socket error (`ECONNREFUSED`, a timeout, a TLS failure).
 */
export async function getFromApiServer(
  kubeConfig: KubeConfig,
  path: string,
  timeoutMs: number,
  signal: AbortSignal,
  maxBodyBytes = MAX_BODY_BYTES,
): Promise<ApiServerAnswer> {
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig has no current cluster');
  const { agent, headers, auth } = await agentFor(kubeConfig);
  const options: RequestOptions = {
    method: 'GET',
    agent,
    auth,
    headers: { ...headers, accept: 'application/json, */*' },
    timeout: timeoutMs,
  };
  const url = new URL(path, cluster.server.endsWith('/') ? cluster.server : `${cluster.server}/`);
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { ...options, signal }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < maxBodyBytes) chunks.push(chunk);
        size += chunk.length;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () =>
      req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })),
    );
    req.on('error', reject);
    req.end();
  });
}
