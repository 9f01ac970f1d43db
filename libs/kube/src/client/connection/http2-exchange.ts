import type { OutgoingHttpHeaders } from 'node:http';
import { ClientHttp2Session, OutgoingHttpHeaders as Http2Headers, constants } from 'node:http2';
import { ConnectionError, Exchange, ExchangeAnswer } from './api-server-connection';
import { boundedBy } from './bounded-by';
import { BodyCollector } from './body-collector';

/** At most this long, and no longer than the request had, a connection has to answer a PING. */
const PING_TIMEOUT_MS = 5_000;

/** One request as one stream of `session`. `reused`: the session answered before, so a reset is worth one retry. */
export function http2Exchange(
  session: ClientHttp2Session,
  exchange: Exchange,
  reused: boolean,
): Promise<ExchangeAnswer> {
  return boundedBy<ExchangeAnswer>(exchange, 'answer', (settle) => {
    const headers: Http2Headers = {
      ':method': exchange.method,
      ':path': exchange.path,
      ...http2HeadersOf(exchange.headers),
    };
    // No content-length: the stream's end marks the body's.
    if (exchange.body !== undefined) headers['content-type'] = exchange.contentType ?? 'application/json';
    const stream = session.request(headers, { endStream: exchange.body === undefined });
    let ended = false;
    let status = 0;
    let retryAfter: string | undefined;
    const body = new BodyCollector(exchange.maxBodyBytes);
    const fail = (error: ConnectionError): void => {
      if (status === 0) error.reusedSocket = reused;
      if (!stream.closed) stream.close(constants.NGHTTP2_CANCEL);
      settle.reject(error);
    };
    stream.on('response', (answer) => {
      status = Number(answer[':status']);
      const header = answer['retry-after'];
      retryAfter = Array.isArray(header) ? header[0] : header;
    });
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => body.add(chunk));
    stream.on('end', () => {
      ended = true;
      if (status === 0) return fail(connectionLost(stream.rstCode));
      settle.resolve({ status, body: body.text, ...(retryAfter === undefined ? {} : { retryAfter }) });
    });
    stream.on('error', fail);
    // A stream the server reset (or a connection that went away under it) closes without an 'end'.
    stream.on('close', () => {
      if (!ended) fail(connectionLost(stream.rstCode));
    });
    if (exchange.body !== undefined) stream.end(exchange.body);
    return fail;
  });
}

/** The connection went away (the server closed it, an outage) before the answer's headers arrived. */
function connectionLost(rstCode: number): ConnectionError {
  return Object.assign(new Error(`the connection closed before the answer (stream code ${rstCode})`), {
    code: 'ECONNRESET',
  });
}

/**
 * A request timed out: either the server is slow to answer it, or the connection is dead and every
 * request on it would time out too. A PING tells them apart (as client-go's HTTP/2 health check does);
 * a dead connection is destroyed so the next request connects again.
 */
export function watchForDeadPeer(session: ClientHttp2Session, requestTimeoutMs: number): void {
  if (session.destroyed || session.closed) return;
  const deadline = setTimeout(() => session.destroy(), Math.min(PING_TIMEOUT_MS, requestTimeoutMs)).unref();
  const sent = session.ping((error) => {
    clearTimeout(deadline);
    if (error) session.destroy();
  });
  if (!sent) clearTimeout(deadline);
}

const converted = new WeakMap<OutgoingHttpHeaders, Http2Headers>();

/**
 * HTTP/2 has no connection-specific headers (RFC 9113 §8.2.2); names arrive in lower case. Converted once
 * per headers object, which a client shares between all its requests.
 */
function http2HeadersOf(headers: OutgoingHttpHeaders): Http2Headers {
  let http2 = converted.get(headers);
  if (!http2) {
    http2 = {};
    for (const [name, value] of Object.entries(headers)) {
      if (value !== undefined && !CONNECTION_SPECIFIC.has(name)) http2[name] = value;
    }
    converted.set(headers, http2);
  }
  return http2;
}

const CONNECTION_SPECIFIC = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'host',
]);
