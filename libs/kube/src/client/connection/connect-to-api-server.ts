import type { KubeConfig } from '@kubernetes/client-node';
import { Agent as HttpsAgent, RequestOptions } from 'node:https';
import { AddressGuard, checkLiteral, guardedLookup } from './address-guard';
import { keepAliveOptions, proxyAgent } from './api-server-agent';
import { ApiServerConnection, ExchangeAnswer } from './api-server-connection';
import { Http1Connection } from './http1-connection';
import { NegotiatedConnection } from './negotiated-connection';
import { serverAddressOf } from './server-address';

/**
 * The connections to the kubeconfig's current cluster, verified with its TLS material (`tls`, as
 * client-node's `applyToHTTPSOptions` reads it): HTTP/2 when the server offers it, HTTP/1.1 through
 * the cluster's proxy when it has one. Throws when the kubeconfig has no current cluster or its server
 * is not https.
 *
 * With a `guard`, every connection first has its address judged: the API server's, or with a proxy the
 * proxy's (the only address this process connects to; what the proxy reaches is the proxy's network). A
 * refused address fails every request with ForbiddenAddress, before anything is sent.
 */
export function connectToApiServer(
  kubeConfig: KubeConfig,
  tls: RequestOptions,
  maxSockets: number,
  guard?: AddressGuard,
): ApiServerConnection {
  const server = serverAddressOf(kubeConfig);
  const options = keepAliveOptions(tls, maxSockets);
  const proxyUrl = kubeConfig.getCurrentCluster()?.proxyUrl;
  const connected = proxyUrl === undefined ? server : proxyAddressOf(proxyUrl);
  try {
    if (guard) checkLiteral(connected.hostname, connected.port, guard);
  } catch (refused) {
    return new RefusedConnection(refused);
  }
  const lookup = guard && guardedLookup(guard, connected.port);
  return proxyUrl === undefined
    ? new NegotiatedConnection(server, new HttpsAgent(lookup ? { ...options, lookup } : options))
    : new Http1Connection(server, proxyAgent(proxyUrl, options, lookup));
}

const DEFAULT_PROXY_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };

function proxyAddressOf(proxyUrl: string): { hostname: string; port: number } {
  const url = new URL(proxyUrl);
  return {
    hostname: url.hostname.replace(/^\[|\]$/g, ''),
    port: Number(url.port || (DEFAULT_PROXY_PORTS[url.protocol] ?? 1080)),
  };
}

/** A server the guard refused: every request fails with the refusal, and nothing is ever connected. */
class RefusedConnection implements ApiServerConnection {
  constructor(private readonly refusal: unknown) {}

  exchange(): Promise<ExchangeAnswer> {
    return Promise.reject(this.refusal);
  }

  retire(): void {}

  close(): void {}
}
