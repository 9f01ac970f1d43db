import type { KubeConfig } from '@kubernetes/client-node';
import type { Agent, OutgoingHttpHeaders } from 'node:http';
import { RequestOptions, request as httpsRequest } from 'node:https';
import { onAbort } from './abort-relay';
import { createApiServerAgent } from './api-server-agent';
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
  /** Parallel connections to the cluster; requests beyond this queue on the kept-alive sockets. */
  maxSockets: number;
  userAgent: string;
  /** Kept-alive connections owned elsewhere (shared with the health prober); not closed by {@link ClusterTransport.close}. */
  agent?: Agent;
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

interface Answer {
  status: number;
  body: string;
  retryAfter?: string;
}

type SocketError = Error & { code?: string; reusedSocket?: boolean };

class RequestTimeout extends Error {
  readonly code = 'ETIMEDOUT';
}

class CallerAbort extends Error {}

/**
 * HTTPS to one API server, authenticated and verified as the kubeconfig says, over kept-alive
 * connections: after the first request a call costs one round trip, no TCP or TLS handshake.
 */
export class ClusterTransport {
  private agent?: Agent;
  private staticOptions?: Promise<RequestOptions>;
  private readonly server: ServerAddress;

  /** Throws when the kubeconfig has no current cluster or its server is not https. */
  constructor(
    private readonly kubeConfig: KubeConfig,
    readonly clusterName: string,
    private readonly options: TransportOptions,
  ) {
    this.server = serverAddressOf(kubeConfig);
  }

  /**
   * Sends one request and resolves with the body of a 2xx answer. Rejects with a KubeApiError: the
   * API server's Status translated for any other status, `Unreachable` when the server cannot be
   * reached or does not answer within the timeout, `Aborted` when the caller's signal fires.
   */
  async send(request: KubeRequest, call: CallOptions = {}): Promise<string> {
    const site: RequestSite = { cluster: this.clusterName, method: request.method, path: request.path };
    if (call.signal?.aborted) throw abortedError(site, call.signal.reason);
    let answer: Answer;
    try {
      answer = await this.exchange(request, call);
    } catch (error) {
      // A kept-alive socket the server closed while idle fails on reuse; every request this client sends
      // is idempotent (apply, get, list, delete, create-if-missing), so one fresh attempt is safe.
      if ((error as SocketError).reusedSocket && (error as SocketError).code === 'ECONNRESET') {
        answer = await this.exchange(request, call).catch((retryError: unknown) => {
          throw this.translate(site, retryError, call);
        });
      } else throw this.translate(site, error, call);
    }
    if (answer.status >= 200 && answer.status < 300) return answer.body;
    throw errorFromResponse(site, answer.status, answer.body, answer.retryAfter);
  }

  /** Closes the kept-alive connections this transport opened; later requests open new ones. */
  close(): void {
    if (this.agent !== this.options.agent) this.agent?.destroy();
    this.agent = undefined;
  }

  private translate(site: RequestSite, error: unknown, call: CallOptions): KubeApiError {
    if (error instanceof KubeApiError) return error;
    if (error instanceof CallerAbort) return abortedError(site, call.signal?.reason);
    return errorFromSocket(site, error as SocketError);
  }

  private async exchange(request: KubeRequest, call: CallOptions): Promise<Answer> {
    const kubeConfigOptions = await this.kubeConfigOptions(request);
    this.agent ??=
      this.options.agent ?? createApiServerAgent(this.kubeConfig, kubeConfigOptions, this.options.maxSockets);
    const agent = this.agent;
    const headers: OutgoingHttpHeaders = {
      ...(kubeConfigOptions.headers as OutgoingHttpHeaders | undefined),
      Accept: 'application/json',
      'User-Agent': this.options.userAgent,
    };
    if (request.body !== undefined) {
      headers['Content-Type'] = request.contentType ?? 'application/json';
      headers['Content-Length'] = Buffer.byteLength(request.body);
    }
    return new Promise<Answer>((resolve, reject) => {
      const outgoing = httpsRequest({
        agent,
        hostname: this.server.hostname,
        port: this.server.port,
        method: request.method,
        path: this.server.pathPrefix + request.path,
        headers,
        ...(kubeConfigOptions.auth ? { auth: kubeConfigOptions.auth } : {}),
      });
      const timeoutMs = call.timeoutMs ?? this.options.requestTimeoutMs;
      const timer = setTimeout(
        () => outgoing.destroy(new RequestTimeout(`no answer within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const stopWaiting = call.signal && onAbort(call.signal, () => outgoing.destroy(new CallerAbort()));
      const finish = (): void => {
        clearTimeout(timer);
        stopWaiting?.();
      };
      outgoing.on('response', (incoming) => {
        incoming.setEncoding('utf8');
        let body = '';
        incoming.on('data', (chunk: string) => {
          body += chunk;
        });
        incoming.on('end', () => {
          finish();
          const retryAfter = incoming.headers['retry-after'];
          resolve({ status: incoming.statusCode ?? 0, body, ...(retryAfter === undefined ? {} : { retryAfter }) });
        });
        incoming.on('error', (error) => {
          finish();
          reject(error);
        });
      });
      outgoing.on('error', (error: SocketError) => {
        finish();
        error.reusedSocket = outgoing.reusedSocket;
        reject(error);
      });
      outgoing.end(request.body);
    });
  }

  /**
   * Asked per request when the kubeconfig's user has an exec or auth-provider plugin: those refresh
   * short-lived tokens behind this call. Static material (a token, a client certificate) is read once.
   */
  private kubeConfigOptions(request: KubeRequest): Promise<RequestOptions> {
    if (this.staticOptions) return this.staticOptions;
    const pending = this.readKubeConfigOptions(request);
    const user = this.kubeConfig.getCurrentUser();
    if (user && !user.exec && !user.authProvider) {
      this.staticOptions = pending;
      pending.catch(() => (this.staticOptions = undefined));
    }
    return pending;
  }

  private async readKubeConfigOptions(request: KubeRequest): Promise<RequestOptions> {
    const options: RequestOptions = {};
    try {
      await this.kubeConfig.applyToHTTPSOptions(options);
    } catch (error) {
      throw credentialsUnavailable({ cluster: this.clusterName, method: request.method, path: request.path }, error);
    }
    return options;
  }
}

interface ServerAddress {
  hostname: string;
  port: number;
  pathPrefix: string;
}

function serverAddressOf(kubeConfig: KubeConfig): ServerAddress {
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
