import type { KubeConfig } from '@kubernetes/client-node';
import { HttpsProxyAgent } from 'hpagent';
import type { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent, AgentOptions, RequestOptions } from 'node:https';
import { createSecureContext } from 'node:tls';
import { SocksProxyAgent } from 'socks-proxy-agent';

/**
 * The one way connections to an API server are made, for the health prober and the fan-out engine
 * alike: kept alive, verified and authenticated with the kubeconfig's TLS material (`tls`, as
 * client-node's `applyToHTTPSOptions` reads it), through the cluster's `proxy-url` when it has one,
 * HTTP CONNECT or SOCKS, as kubectl goes. The TLS context is built once: otherwise every new
 * connection parses the CA bundle and key again, which costs more CPU than the handshake itself.
 */
export function createApiServerAgent(kubeConfig: KubeConfig, tls: RequestOptions, maxSockets: number): HttpAgent {
  const options: AgentOptions = {
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
  const proxyUrl = kubeConfig.getCurrentCluster()?.proxyUrl;
  if (proxyUrl === undefined) return new HttpsAgent(options);
  if (proxyUrl.startsWith('socks')) return new SocksProxyAgent(proxyUrl, options);
  return new HttpsProxyAgent({ ...options, proxy: proxyUrl });
}
