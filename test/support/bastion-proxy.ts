import { createServer as createHttpServer } from 'node:http';
import { Server, Socket, connect, createServer as createTcpServer } from 'node:net';

export type ProxyProtocol = 'http' | 'socks5';

export interface BastionProxy {
  /** The kubeconfig's `proxy-url`. */
  url: string;
  /** Tunnels opened so far (one per TCP connection a client made through the proxy). */
  tunnels(): number;
  stop(): Promise<void>;
}

/**
 * A bastion's proxy in front of a private API server: whatever address a client asks it to reach,
 * it tunnels to `target`, the one it can reach. A cluster whose published address answers nothing
 * is then reachable only through the proxy, so any request that bypasses it fails.
 */
export async function startBastionProxy(protocol: ProxyProtocol, target: URL): Promise<BastionProxy> {
  let tunnels = 0;
  const open = new Set<Socket>();
  const tunnel = (client: Socket, head: Buffer, established: () => void): void => {
    const upstream = connect(Number(target.port), target.hostname, () => {
      tunnels++;
      established();
      if (head.length > 0) upstream.write(head);
      client.pipe(upstream).pipe(client);
    });
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('error', () => [client, upstream].forEach((each) => each.destroy()));
      socket.on('close', () => open.delete(socket));
    }
  };
  const server = protocol === 'http' ? httpConnectServer(tunnel) : socks5Server(tunnel);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `${protocol === 'http' ? 'http' : 'socks5'}://127.0.0.1:${port}`,
    tunnels: () => tunnels,
    stop: () =>
      new Promise((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

type Tunnel = (client: Socket, head: Buffer, established: () => void) => void;

/** HTTP CONNECT (RFC 9110 §9.3.6): the proxy kubectl and client-go use for `proxy-url: http://…`. */
function httpConnectServer(tunnel: Tunnel): Server {
  const server = createHttpServer((_request, response) => response.writeHead(405).end());
  server.on('connect', (_request, client: Socket, head: Buffer) =>
    tunnel(client, head, () => client.write('HTTP/1.1 200 Connection Established\r\n\r\n')),
  );
  return server;
}

/** SOCKS5 (RFC 1928), no authentication, CONNECT only: `proxy-url: socks5://…`. */
function socks5Server(tunnel: Tunnel): Server {
  return createTcpServer((client) => {
    client.once('data', (greeting: Buffer) => {
      if (greeting[0] !== 5) return client.destroy();
      client.write(Buffer.from([5, 0]));
      client.once('data', (request: Buffer) => {
        if (request[0] !== 5 || request[1] !== 1) return client.destroy();
        const addressEnd = socksAddressEnd(request);
        tunnel(client, request.subarray(addressEnd + 2), () =>
          client.write(Buffer.from([5, 0, 0, 1, 0, 0, 0, 0, 0, 0])),
        );
      });
    });
  });
}

/** Offset just past DST.ADDR in a SOCKS5 request: IPv4, a length-prefixed domain name, or IPv6. */
function socksAddressEnd(request: Buffer): number {
  const addressType = request[3];
  if (addressType === 1) return 4 + 4;
  if (addressType === 3) return 5 + request[4];
  return 4 + 16;
}
