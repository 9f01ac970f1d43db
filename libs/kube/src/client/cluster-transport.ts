import type { KubeConfig } from '@kubernetes/client-node';
import { ApiServerConnection, CallerAbort, ConnectionError, ExchangeAnswer } from './connection/api-server-connection';
import { connectToApiServer } from './connection/connect-to-api-server';
import { KubeConfigCredentials } from './connection/kubeconfig-credentials';
import { serverAddressOf } from './connection/server-address';
import { KubeApiError } from './kube-api-error';
import {
  RequestSite,
  abortedError,
  credentialsUnavailable,
  errorFromResponse,
  errorFromSocket,
} from './translate-error';

export interface TransportOptions {
  /** A request with no complete answer within this long fails as Unreachable. */
  requestTimeoutMs: number;
  /** Parallel connections to a cluster that speaks only HTTP/1.1 (HTTP/2 needs one); requests beyond queue. */
  maxSockets: number;
  userAgent: string;
  /** Connections owned elsewhere (shared with the health prober); not closed by {@link ClusterTransport.close}. */
  connection?: ApiServerConnection;
}

/** Per call: the caller's cancellation and an optional tighter timeout than the client default. */
export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface KubeRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path and query below the server URL, e.g. `/api/v1/namespaces`. */
  path: string;
  body?: string;
  contentType?: string;
}

/**
 * HTTPS to one API server, authenticated and verified as the kubeconfig says, over kept-alive
 * connections: after the first request a call costs one round trip, no TCP or TLS handshake.
 */
export class ClusterTransport {
  private connection?: ApiServerConnection;
  private readonly credentials: KubeConfigCredentials;

  /** Throws when the kubeconfig has no current cluster or its server is not https. */
  constructor(
    private readonly kubeConfig: KubeConfig,
    readonly clusterName: string,
    private readonly options: TransportOptions,
  ) {
    // Checked now, not at the first request: a shared connection would never read the address itself.
    serverAddressOf(kubeConfig);
    this.credentials = new KubeConfigCredentials(kubeConfig, {
      accept: 'application/json',
      'user-agent': options.userAgent,
    });
  }

  /**
   * Sends one request and resolves with the body of a 2xx answer. Rejects with a KubeApiError: the
   * API server's Status translated for any other status, `Unreachable` when the server cannot be
   * reached or does not answer within the timeout, `Aborted` when the caller's signal fires.
   */
  async send(request: KubeRequest, call: CallOptions = {}): Promise<string> {
    const site: RequestSite = { cluster: this.clusterName, method: request.method, path: request.path };
    if (call.signal?.aborted) throw abortedError(site, call.signal.reason);
    let answer: ExchangeAnswer;
    try {
      answer = await this.exchange(request, call);
    } catch (error) {
      // A kept-alive connection the server closed while idle fails on reuse; every request this client sends
      // is idempotent (apply, get, list, delete, create-if-missing), so one fresh attempt is safe.
      if ((error as ConnectionError).reusedSocket && (error as ConnectionError).code === 'ECONNRESET') {
        answer = await this.exchange(request, call).catch((retryError: unknown) => {
          throw this.translate(site, retryError, call);
        });
      } else throw this.translate(site, error, call);
    }
    if (answer.status >= 200 && answer.status < 300) return answer.body;
    throw errorFromResponse(site, answer.status, answer.body, answer.retryAfter);
  }

  /** Closes the connections this transport opened; later requests open new ones. */
  close(): void {
    if (this.connection !== this.options.connection) this.connection?.close();
    this.connection = undefined;
  }

  private translate(site: RequestSite, error: unknown, call: CallOptions): KubeApiError {
    if (error instanceof KubeApiError) return error;
    if (error instanceof CallerAbort) return abortedError(site, call.signal?.reason);
    return errorFromSocket(site, error as ConnectionError);
  }

  private async exchange(request: KubeRequest, call: CallOptions): Promise<ExchangeAnswer> {
    const { tls, headers } = await this.credentials.read().catch((error: unknown) => {
      throw credentialsUnavailable({ cluster: this.clusterName, method: request.method, path: request.path }, error);
    });
    this.connection ??= this.options.connection ?? connectToApiServer(this.kubeConfig, tls, this.options.maxSockets);
    return this.connection.exchange({
      method: request.method,
      path: request.path,
      headers,
      ...(request.body === undefined ? {} : { body: request.body, contentType: request.contentType }),
      timeoutMs: call.timeoutMs ?? this.options.requestTimeoutMs,
      ...(call.signal === undefined ? {} : { signal: call.signal }),
    });
  }
}
