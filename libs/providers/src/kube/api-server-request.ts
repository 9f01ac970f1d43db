import type { KubeConfig } from '@kubernetes/client-node';
import { request as httpsRequest, RequestOptions } from 'node:https';

export interface ApiServerAnswer {
  status: number;
  body: string;
}

/** Bodies of health endpoints are a few lines; anything longer is cut so a broken server cannot flood memory. */
const MAX_BODY_BYTES = 64 * 1024;

/**
 * One GET against the kubeconfig's current cluster, authenticated and TLS-verified exactly as the
 * kubeconfig says. Rejects with the socket error (`ECONNREFUSED`, a timeout, a TLS failure).
 */
export async function getFromApiServer(
  kubeConfig: KubeConfig,
  path: string,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<ApiServerAnswer> {
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig has no current cluster');
  const options: RequestOptions = { method: 'GET', headers: { accept: 'application/json, */*' }, timeout: timeoutMs };
  await kubeConfig.applyToHTTPSOptions(options);
  const url = new URL(path, cluster.server.endsWith('/') ? cluster.server : `${cluster.server}/`);
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { ...options, signal }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < MAX_BODY_BYTES) chunks.push(chunk);
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
