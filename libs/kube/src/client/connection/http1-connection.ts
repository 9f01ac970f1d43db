import type { Agent } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { ApiServerConnection, ConnectionError, Exchange, ExchangeAnswer } from './api-server-connection';
import { BodyCollector } from './body-collector';
import { boundedBy } from './bounded-by';
import { ServerAddress } from './server-address';

/** HTTP/1.1 over a keep-alive agent: a server without HTTP/2, or one reached through a proxy. */
export class Http1Connection implements ApiServerConnection {
  constructor(
    private readonly server: ServerAddress,
    private readonly agent: Agent,
  ) {}

  exchange(exchange: Exchange): Promise<ExchangeAnswer> {
    return boundedBy<ExchangeAnswer>(exchange, 'answer', (settle) => {
      const outgoing = httpsRequest({
        agent: this.agent,
        // Proxy agents tell which pool a kept-alive socket returns to by the protocol.
        protocol: 'https:',
        hostname: this.server.hostname,
        port: this.server.port,
        method: exchange.method,
        path: this.server.pathPrefix + exchange.path,
        headers:
          exchange.body === undefined
            ? exchange.headers
            : {
                ...exchange.headers,
                'content-type': exchange.contentType ?? 'application/json',
                'content-length': Buffer.byteLength(exchange.body),
              },
      });
      outgoing.on('response', (incoming) => {
        incoming.setEncoding('utf8');
        const body = new BodyCollector(exchange.maxBodyBytes);
        incoming.on('data', (chunk: string) => body.add(chunk));
        incoming.on('end', () => {
          const retryAfter = incoming.headers['retry-after'];
          settle.resolve({
            status: incoming.statusCode ?? 0,
            body: body.text,
            ...(retryAfter === undefined ? {} : { retryAfter }),
          });
        });
        incoming.on('error', settle.reject);
      });
      outgoing.on('error', (error: ConnectionError) => {
        error.reusedSocket = outgoing.reusedSocket;
        settle.reject(error);
      });
      outgoing.end(exchange.body);
      // A timeout or the caller's abort destroys the request; its 'error' then settles the exchange.
      return (error) => outgoing.destroy(error);
    });
  }

  retire(): void {
    this.agent.keepSocketAlive = () => false;
    for (const sockets of Object.values(this.agent.freeSockets)) for (const socket of sockets ?? []) socket.destroy();
  }

  close(): void {
    this.agent.destroy();
  }
}
