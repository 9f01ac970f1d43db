import { HttpsProxyAgent } from 'hpagent';
import type { LookupFunction } from 'node:net';
import type { Agent as HttpAgent } from 'node:http';
import { AgentOptions, RequestOptions } from 'node:https';
import { createSecureContext } from 'node:tls';
import { SocksProxyAgent } from 'socks-proxy-agent';

/**
 * How every connection to an API server is made: kept alive, verified and authenticated with the
 * kubeconfig's TLS material (`tls`, as client-node's `applyToHTTPSOptions` reads it). The TLS context is
 * built once: otherwise every new connection parses the CA bundle and key again, which costs more CPU
 * than the handshake itself.
 */
export function keepAliveOptions(tls: RequestOptions, maxSockets: number): AgentOptions {
  return {
    keepAlive: true,
    maxSockets,
    scheduling: 'lifo',
    secureContext: createSecureContext({
      ca: tls.ca,
      cert: tls.cert,
      key: tls.key,
      pfx: tls.pfx,
      passphrase: tls.passphrase,
    }),
    ...(tls.rejectUnauthorized === undefined ? {} : { rejectUnauthorized: tls.rejectUnauthorized }),
    ...(tls.servername === undefined ? {} : { servername: tls.servername }),
  };
}

type ProxyRequestOptions = NonNullable<ConstructorParameters<typeof HttpsProxyAgent>[0]['proxyRequestOptions']>;

/**
 * Connections through the cluster's `proxy-url`, HTTP CONNECT or SOCKS, as kubectl goes. `lookup`, when
 * given, resolves the proxy's own name: the proxy is what this process connects to.
 */
export function proxyAgent(proxyUrl: string, options: AgentOptions, lookup?: LookupFunction): HttpAgent {
  if (proxyUrl.startsWith('socks'))
    return new SocksProxyAgent(proxyUrl, { ...options, socketOptions: lookup === undefined ? {} : { lookup } });
  // hpagent passes these on to the CONNECT request, `lookup` included, though its types do not list it.
  const proxyRequestOptions: ProxyRequestOptions & { lookup?: LookupFunction } = lookup === undefined ? {} : { lookup };
  return new HttpsProxyAgent({ ...options, proxy: proxyUrl, proxyRequestOptions });
}
