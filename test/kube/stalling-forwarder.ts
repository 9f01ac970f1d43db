import { Server, Socket, connect, createServer } from 'node:net';

export interface StallingForwarder {
  port: number;
  /** Connections made through it so far. */
  connections(): number;
  /** Connections still open. */
  open(): number;
  /**
   * The connections open now stop carrying bytes either way, as with a peer that vanished without a FIN or
   * RST; with `'new connections too'`, later ones are accepted but never reach the server either.
   */
  stall(scope?: 'open connections' | 'new connections too'): void;
  stop(): Promise<void>;
}

/**
 * A TCP forwarder in front of an API server that can leave its connections hanging: what a client sees
 * when a NAT entry expires, a load balancer drops a flow, or a node dies. New connections still go through.
 */
export async function startStallingForwarder(targetPort: number): Promise<StallingForwarder> {
  let connections = 0;
  let stalled = false;
  const live = new Map<Socket, Socket>();
  const hanging = new Set<Socket>();
  const server: Server = createServer((client) => {
    connections++;
    if (stalled) {
      hanging.add(client);
      client.on('data', () => undefined).on('error', () => client.destroy());
      client.on('close', () => hanging.delete(client));
      return;
    }
    const upstream = connect(targetPort, '127.0.0.1');
    client.pipe(upstream).pipe(client);
    live.set(client, upstream);
    const end = (): void => {
      live.delete(client);
      client.destroy();
      upstream.destroy();
    };
    for (const socket of [client, upstream]) socket.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    connections: () => connections,
    open: () => live.size,
    stall(scope = 'open connections') {
      stalled = scope === 'new connections too';
      for (const [client, upstream] of live) {
        // Bytes are read and dropped, so a close from either end is still seen.
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.on('data', () => undefined).resume();
        upstream.on('data', () => undefined).resume();
      }
    },
    stop: () =>
      new Promise((resolve) => {
        for (const [client, upstream] of live) [client, upstream].forEach((socket) => socket.destroy());
        for (const socket of hanging) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
