import type { Agent as HttpsAgent } from 'node:https';
import { ClientHttp2Session, connect as http2Connect } from 'node:http2';
import { isIP } from 'node:net';
import { TLSSocket, connect as tlsConnect } from 'node:tls';
import { ApiServerConnection, Exchange, ExchangeAnswer, RequestTimeout } from './api-server-connection';
import { boundedBy } from './bounded-by';
import { Http1Connection } from './http1-connection';
import { http2Exchange, watchForDeadPeer } from './http2-exchange';
import { ServerAddress } from './server-address';

type Route = ClientHttp2Session | Http1Connection;

/**
 * HTTP/2 when the server speaks it, as kubectl and client-go use a real API server: one connection per
 * access, every request of a probe, an apply or a drift check a stream on it, so requests sent together
 * share the connection's writes. The protocol is negotiated (ALPN) on the first connection; a server
 * that speaks only HTTP/1.1 is answered over the keep-alive agent from then on, starting with that very
 * connection.
 */
export class NegotiatedConnection implements ApiServerConnection {
  private route?: Promise<Route>;
  /** What `route` resolved to, while it is current: most requests find it and need not wait. */
  private ready?: Route;
  /** Sessions that have answered a request: a failure on one of them may be a connection the server dropped. */
  private readonly proven = new WeakSet<ClientHttp2Session>();
  private retired = false;

  constructor(
    private readonly server: ServerAddress,
    private readonly agent: HttpsAgent,
  ) {}

  async exchange(exchange: Exchange): Promise<ExchangeAnswer> {
    const deadline = Date.now() + exchange.timeoutMs;
    // The request's own timeout and signal bound the wait for a connection too, not only for the answer.
    const route =
      this.usable(this.ready) ??
      (await boundedBy<Route>(exchange, 'connection', (settle) => {
        this.currentRoute(exchange.timeoutMs).then(settle.resolve, settle.reject);
      }));
    const left = { ...exchange, timeoutMs: Math.max(1, deadline - Date.now()) };
    if (route instanceof Http1Connection) return route.exchange(left);
    const reused = this.proven.has(route);
    try {
      const answer = await http2Exchange(route, { ...left, path: this.server.pathPrefix + exchange.path }, reused);
      this.proven.add(route);
      return answer;
    } catch (error) {
      if ((error as { code?: string }).code === 'ETIMEDOUT') watchForDeadPeer(route, exchange.timeoutMs);
      throw error;
    } finally {
      if (this.retired) route.close();
    }
  }

  retire(): void {
    this.retired = true;
    void this.route?.then((route) => (route instanceof Http1Connection ? route.retire() : route.close()), ignore);
  }

  close(): void {
    void this.route?.then((route) => (route instanceof Http1Connection ? route.close() : route.destroy()), ignore);
    this.route = undefined;
    this.ready = undefined;
  }

  /** The open session, a new one when it has closed (a GOAWAY, the server's idle timeout, a retirement), or HTTP/1.1. */
  private async currentRoute(connectTimeoutMs: number): Promise<Route> {
    const route = await (this.route ??= this.open(connectTimeoutMs));
    if (this.usable(route)) return (this.ready = route);
    if (this.route !== undefined && (await this.route) === route) this.route = undefined;
    return this.currentRoute(connectTimeoutMs);
  }

  /** The route, if a request can go on it now: HTTP/1.1, or a session that has not closed. */
  private usable(route: Route | undefined): Route | undefined {
    if (route instanceof Http1Connection) return route;
    return route && !route.closed && !route.destroyed ? route : undefined;
  }

  /**
   * Connects and negotiates the protocol, within the timeout of the request that asked first. A failed
   * connection is forgotten, so the next request tries again.
   */
  private async open(timeoutMs: number): Promise<Route> {
    try {
      const socket = await this.connectTls(timeoutMs);
      if (socket.alpnProtocol !== 'h2') {
        const http1 = new Http1Connection(this.server, handingOver(this.agent, socket));
        if (this.retired) http1.retire();
        return http1;
      }
      return this.track(http2Connect(`https://${authorityOf(this.server)}`, { createConnection: () => socket }));
    } catch (error) {
      this.route = undefined;
      throw error;
    }
  }

  private track(session: ClientHttp2Session): ClientHttp2Session {
    const forget = (): void => {
      const route = this.route;
      void route?.then((current) => {
        if (current === session && this.route === route) this.route = this.ready = undefined;
      }, ignore);
    };
    // A connection's failure reaches the requests on it as their own stream errors; here it is only noted.
    session.on('error', forget);
    session.on('goaway', forget);
    session.on('close', forget);
    // Idle, the connection must not keep the process alive; a request in flight holds its own timer.
    session.unref();
    return session;
  }

  private connectTls(timeoutMs: number): Promise<TLSSocket> {
    const { secureContext, rejectUnauthorized, servername, lookup } = this.agent.options;
    return new Promise((resolve, reject) => {
      const socket = tlsConnect({
        host: this.server.hostname,
        port: this.server.port,
        secureContext,
        // The address guard's, when the agent has one: the resolved address is judged before connecting.
        ...(lookup === undefined ? {} : { lookup }),
        ...(rejectUnauthorized === undefined ? {} : { rejectUnauthorized }),
        ...sniOf(this.server.hostname, servername),
        ALPNProtocols: ['h2', 'http/1.1'],
      });
      // A server that never answers the handshake (a dropped route, a firewall) would hold it for minutes.
      socket.setTimeout(timeoutMs, () =>
        socket.destroy(new RequestTimeout(`no TLS connection within ${timeoutMs} ms`)),
      );
      socket.once('secureConnect', () => {
        socket.setTimeout(0);
        socket.off('error', reject);
        resolve(socket);
      });
      socket.once('error', reject);
    });
  }
}

function ignore(): void {}

/** The agent's next connection is `socket`, already open: the negotiation's connection is not wasted. */
function handingOver(agent: HttpsAgent, socket: TLSSocket): HttpsAgent {
  agent.createConnection = () => {
    delete (agent as Partial<HttpsAgent>).createConnection;
    return socket;
  };
  return agent;
}

function authorityOf(server: ServerAddress): string {
  return isIP(server.hostname) === 6 ? `[${server.hostname}]:${server.port}` : `${server.hostname}:${server.port}`;
}

/** The name to verify and to send as SNI: the kubeconfig's tls-server-name, else the host unless it is an IP. */
function sniOf(hostname: string, servername: string | undefined): { servername?: string } {
  if (servername) return { servername };
  return isIP(hostname) ? {} : { servername: hostname };
}
