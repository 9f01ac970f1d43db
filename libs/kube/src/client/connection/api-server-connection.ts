import type { OutgoingHttpHeaders } from 'node:http';

/** One request as it goes on the wire: a path below the server's root. */
export interface Exchange {
  method: string;
  path: string;
  /** Every header but the body's, names in lower case; the same object for many requests, never changed. */
  headers: OutgoingHttpHeaders;
  body?: string;
  /** The body's media type. */
  contentType?: string;
  /** No complete answer within this long: the request fails with {@link RequestTimeout}. */
  timeoutMs: number;
  /** The caller's cancellation: the request fails with {@link CallerAbort}. */
  signal?: AbortSignal;
  /** Keep at most this much of the body (health endpoints answer a few lines; a broken server must not flood memory). */
  maxBodyBytes?: number;
}

export interface ExchangeAnswer {
  status: number;
  body: string;
  retryAfter?: string;
}

/** The connection failed under a request. `reusedSocket`: it had carried earlier requests, so one fresh attempt is safe. */
export type ConnectionError = Error & { code?: string; reusedSocket?: boolean };

export class RequestTimeout extends Error {
  readonly code = 'ETIMEDOUT';
}

export class CallerAbort extends Error {}

/**
 * The kept-alive connections to one API server for one access (kubeconfig): the health prober's probes,
 * the rollouts' applies and the drift checks all ride on them, so a rollout starts without a handshake.
 */
export interface ApiServerConnection {
  /** Resolves with whatever HTTP answer came; rejects with a {@link ConnectionError}, RequestTimeout or CallerAbort. */
  exchange(exchange: Exchange): Promise<ExchangeAnswer>;
  /** The access is no longer handed out: idle connections close now, busy ones once answered; later requests still work. */
  retire(): void;
  /** Closes every connection now; a later request connects again. */
  close(): void;
}
