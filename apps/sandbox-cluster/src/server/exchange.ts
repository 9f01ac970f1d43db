import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import type { Http2ServerRequest } from 'node:http2';

/**
 * A request as the API server receives it: over HTTP/2, which kubectl and client-go negotiate with a
 * real API server by default, or over HTTP/1.1 for clients that speak only that.
 */
export type ApiRequest = IncomingMessage | Http2ServerRequest;

/** What the handlers use of a response, the same on `ServerResponse` (HTTP/1.1) and `Http2ServerResponse`. */
export interface ApiResponse {
  statusCode: number;
  readonly headersSent: boolean;
  writeHead(statusCode: number, headers?: OutgoingHttpHeaders): unknown;
  /** HTTP/1.1 only: sends the headers before the first write. */
  flushHeaders?(): void;
  write(chunk: string): boolean;
  end(): unknown;
  end(chunk: string): unknown;
  once(event: 'close', listener: () => void): unknown;
  on(event: 'close', listener: () => void): unknown;
}
