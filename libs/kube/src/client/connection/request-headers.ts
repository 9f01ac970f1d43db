import type { OutgoingHttpHeaders } from 'node:http';
import type { RequestOptions } from 'node:https';

/**
 * The headers a kubeconfig's user puts on every request (a bearer token, impersonation), as client-node's
 * `applyToHTTPSOptions` reads them, names in lower case; a username and password become Basic auth.
 */
export function requestHeadersOf(tls: RequestOptions): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries((tls.headers ?? {}) as OutgoingHttpHeaders))
    headers[name.toLowerCase()] = value;
  if (tls.auth) headers.authorization = `Basic ${Buffer.from(tls.auth).toString('base64')}`;
  return headers;
}
