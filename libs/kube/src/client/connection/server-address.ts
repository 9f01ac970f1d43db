import type { KubeConfig } from '@kubernetes/client-node';

export interface ServerAddress {
  hostname: string;
  port: number;
  /** The server URL's path (a cluster served below a prefix, as Rancher's proxy serves them), without a trailing slash. */
  pathPrefix: string;
}

/** Throws when the kubeconfig has no current cluster or its server is not https. */
export function serverAddressOf(kubeConfig: KubeConfig): ServerAddress {
  const cluster = kubeConfig.getCurrentCluster();
  if (cluster === null) throw new Error('the kubeconfig has no current cluster');
  const server = new URL(cluster.server);
  if (server.protocol !== 'https:') throw new Error(`only https API servers are supported, not ${cluster.server}`);
  return {
    hostname: server.hostname.replace(/^\[|\]$/g, ''),
    port: Number(server.port || 443),
    pathPrefix: server.pathname.replace(/\/+$/, ''),
  };
}
