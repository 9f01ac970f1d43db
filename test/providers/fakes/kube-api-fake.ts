import { createServer } from 'node:https';
import { createSecureServer } from 'node:http2';
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import type { TestPki } from './test-ca';

/** A path the fake never answers. */
export const STALLED_PATH = '/stalled';

/** `http/1.1` alone, or HTTP/2 alone, as API servers that only negotiate it (ALPN `h2`). */
export type FakeProtocol = 'http/1.1' | 'h2';

/**
 * The two unauthenticated-by-default health endpoints of a Kubernetes API server, over HTTPS
 * with a bearer token: `/version` (version.Info of k8s.io/apimachinery/pkg/version/types.go)
 * and `/readyz` (200 `ok`, or 500 listing checks as `[+]name ok` / `[-]name failed: reason
 * withheld`, https://kubernetes.io/docs/reference/using-api/health-checks/).
 */
export interface KubeApiFake {
  server: string;
  requests: string[];
  setReady(ready: boolean): void;
  /** Servers older than Kubernetes 1.16 have no `/readyz`. */
  setReadyzAvailable(available: boolean): void;
  /** The protocols requests came in over so far: `http/1.1`, `h2`. */
  protocols(): string[];
  /** TCP connections open to the server right now, kept-alive idle ones included. */
  openConnections(): number;
  stop(): Promise<void>;
}

export async function startKubeApiFake(
  pki: TestPki,
  token: string,
  gitVersion = 'v1.31.2',
  protocol: FakeProtocol = 'http/1.1',
): Promise<KubeApiFake> {
  let ready = true;
  let readyzAvailable = true;
  const requests: string[] = [];
  const protocols = new Set<string>();
  const handle = (
    req: { url?: string; headers: IncomingHttpHeaders; httpVersion: string },
    res: { writeHead(status: number, headers: OutgoingHttpHeaders): unknown; end(body: string): unknown },
  ): void => {
    requests.push(req.url ?? '');
    protocols.add(req.httpVersion === '2.0' ? 'h2' : 'http/1.1');
    // An API server that hangs on a request: the connection stays open, the answer never comes.
    if (req.url === STALLED_PATH) return;
    if (req.headers.authorization !== `Bearer ${token}`) {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          message: 'Unauthorized',
          reason: 'Unauthorized',
          code: 401,
        }),
      );
      return;
    }
    if (req.url === '/version') {
      const [, major, minor] = /^v(\d+)\.(\d+)/.exec(gitVersion) ?? [];
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ major, minor, gitVersion, platform: 'linux/amd64' }));
      return;
    }
    if (req.url === '/readyz' && readyzAvailable) {
      res.writeHead(ready ? 200 : 500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(
        ready
          ? 'ok'
          : '[+]ping ok\n[-]etcd failed: reason withheld\n[+]poststarthook/start-informers ok\nreadyz check failed\n',
      );
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('404 page not found\n');
  };
  const tls = { cert: pki.serverCertPem, key: pki.serverKeyPem };
  const server = protocol === 'h2' ? createSecureServer(tls, handle) : createServer(tls, handle);
  // Idle connections stay until the client closes them, as with an API server behind a long idle timeout.
  if ('keepAliveTimeout' in server) server.keepAliveTimeout = 0;
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    server: `https://127.0.0.1:${port}`,
    requests,
    setReady: (value) => (ready = value),
    setReadyzAvailable: (value) => (readyzAvailable = value),
    protocols: () => [...protocols],
    openConnections: () => sockets.size,
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
/** A kubeconfig as the sandbox app writes them: inline CA, bearer token, one context. */
export function tokenKubeconfigText(name: string, server: string, caPem: string, token: string): string {
  return `apiVersion: v1
kind: Config
clusters:
- name: ${name}
  cluster:
    server: ${server}
    certificate-authority-data: ${Buffer.from(caPem).toString('base64')}
users:
- name: ${name}-admin
  user:
    token: ${token}
contexts:
- name: ${name}
  context:
    cluster: ${name}
    user: ${name}-admin
current-context: ${name}
`;
}
