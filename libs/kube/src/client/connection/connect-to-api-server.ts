import type { KubeConfig } from '@kubernetes/client-node';
import { Agent as HttpsAgent, RequestOptions } from 'node:https';
import { keepAliveOptions, proxyAgent } from './api-server-agent';
import { ApiServerConnection } from './api-server-connection';
import { Http1Connection } from './http1-connection';
import { NegotiatedConnection } from './negotiated-connection';
import { serverAddressOf } from './server-address';

/**
 * The connections to the kubeconfig's current cluster, verified with its TLS material (`tls`, as
 * client-node's `applyToHTTPSOptions` reads it): HTTP/2 when the server offers it, HTTP/1.1 through
 * the cluster's proxy when it has one. Throws when the kubeconfig has no current cluster or its server
 * is not https.
 */
export function connectToApiServer(
  kubeConfig: KubeConfig,
  tls: RequestOptions,
  maxSockets: number,
): ApiServerConnection {
  const server = serverAddressOf(kubeConfig);
  const options = keepAliveOptions(tls, maxSockets);
  const proxyUrl = kubeConfig.getCurrentCluster()?.proxyUrl;
  return proxyUrl === undefined
    ? new NegotiatedConnection(server, new HttpsAgent(options))
    : new Http1Connection(server, proxyAgent(proxyUrl, options));
}
