import { createServer, IncomingMessage, request, Server, ServerResponse } from 'node:http';

export interface ThrottlingProxy {
  endpoint: string;
  /** Requests answered with a throttling error so far. */
  throttled(): number;
  /** Answers the next `count` requests whose path starts with `pathPrefix` with a throttling error. */
  throttleNext(count: number, pathPrefix: string): void;
  stop(): Promise<void>;
}

/**
 * An HTTP proxy in front of an AWS emulator that answers chosen requests as AWS does when it
 * rate-limits a rest-json API: status 429, `x-amzn-ErrorType: ThrottlingException`, a JSON message.
 */
export async function startThrottlingProxy(target: string): Promise<ThrottlingProxy> {
  let remaining = 0;
  let prefix = '';
  let throttled = 0;
  const upstream = new URL(target);
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (remaining > 0 && req.url?.startsWith(prefix)) {
      remaining--;
      throttled++;
      req.resume();
      res.writeHead(429, { 'content-type': 'application/json', 'x-amzn-ErrorType': 'ThrottlingException' });
      res.end(JSON.stringify({ message: 'Rate exceeded' }));
      return;
    }
    const forwarded = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forwarded.on('error', (error) => res.destroy(error));
    req.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    throttled: () => throttled,
    throttleNext(count, pathPrefix) {
      remaining = count;
      prefix = pathPrefix;
    },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
