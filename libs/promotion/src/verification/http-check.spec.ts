import assert from 'node:assert/strict';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { HttpCheckSpec } from './check-spec';
import { BODY_EXCERPT_CHARS, runHttpCheck } from './http-check';

/** A service under verification: each path answers as a test needs, counting its requests. */
function serve(handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<Server> {
  const server = createServer(handler);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('HTTP verification check', () => {
  let server: Server;
  let base: string;
  const hits = new Map<string, number>();

  before(async () => {
    server = await serve((request, response) => {
      const path = request.url ?? '/';
      const hit = (hits.get(path) ?? 0) + 1;
      hits.set(path, hit);
      if (path === '/healthz')
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok","version":"4.2.0"}');
      else if (path === '/flaky') response.writeHead(hit <= 2 ? 503 : 200).end(hit <= 2 ? 'warming up' : 'ready');
      else if (path === '/verbose') response.writeHead(500).end('x'.repeat(2000));
      else if (path === '/login-redirect') response.writeHead(302, { location: '/healthz' }).end();
      else if (path === '/hang') request.once('close', () => response.destroy());
      else response.writeHead(404).end('not found');
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const check = (path: string, overrides: Partial<HttpCheckSpec> = {}): HttpCheckSpec => ({
    kind: 'http',
    url: `${base}${path}`,
    retries: 0,
    intervalSeconds: 0,
    timeoutSeconds: 5,
    ...overrides,
  });
  const run = (spec: HttpCheckSpec) => runHttpCheck(spec, { signal: AbortSignal.timeout(30_000) });

  it('passes on the expected status with a matching body, recording the attempt', async () => {
    const result = await run(check('/healthz', { bodyMatches: '"version":"4\\.2\\.' }));
    assert.equal(result.gate, 'http');
    assert.equal(result.status, 'passed');
    assert.equal(result.reason, `${base}/healthz answered 200 and the body matches (1 attempt)`);
    assert.equal(result.evidence.expectStatus, 200);
    const [attempt] = result.evidence.attempts;
    assert.equal(attempt.attempt, 1);
    assert.equal(attempt.status, 200);
    assert.equal(attempt.bodyExcerpt, '{"status":"ok","version":"4.2.0"}');
    assert.ok(attempt.durationMs >= 0);
    assert.ok(!Number.isNaN(Date.parse(attempt.at)));
  });

  it('fails when the body does not match', async () => {
    const result = await run(check('/healthz', { bodyMatches: '"version":"5\\.' }));
    assert.equal(result.status, 'failed');
    assert.equal(result.reason, `${base}/healthz failed after 1 attempt: the body does not match /"version":"5\\./`);
  });

  it('retries a service that answers 503 twice and passes on the third attempt', async () => {
    const result = await run(check('/flaky', { retries: 5, intervalSeconds: 0.05 }));
    assert.equal(result.status, 'passed');
    assert.deepEqual(
      result.evidence.attempts.map((attempt) => [attempt.attempt, attempt.status, attempt.passed, attempt.bodyExcerpt]),
      [
        [1, 503, false, 'warming up'],
        [2, 503, false, 'warming up'],
        [3, 200, true, 'ready'],
      ],
    );
  });

  it('gives up after its retries, keeping each attempt and at most 512 characters of each body', async () => {
    const result = await run(check('/verbose', { retries: 2, intervalSeconds: 0.01 }));
    assert.equal(result.status, 'failed');
    assert.equal(result.reason, `${base}/verbose failed after 3 attempts: answered 500, expected 200`);
    assert.equal(result.evidence.attempts.length, 3);
    for (const attempt of result.evidence.attempts) {
      assert.equal(attempt.status, 500);
      assert.equal(attempt.bodyExcerpt?.length, BODY_EXCERPT_CHARS);
    }
  });

  it('checks the status the URL itself answers: a redirect is not followed', async () => {
    assert.equal((await run(check('/login-redirect'))).status, 'failed');
    assert.equal((await run(check('/login-redirect', { expectStatus: 302 }))).status, 'passed');
  });

  it('fails an attempt that gets no answer within its timeout', async () => {
    const result = await run(check('/hang', { timeoutSeconds: 0.2 }));
    assert.equal(result.status, 'failed');
    assert.equal(result.evidence.attempts[0].status, undefined);
    assert.equal(result.reason, `${base}/hang failed after 1 attempt: no answer within 0.2s`);
  });

  it('fails, naming the cause, when nothing listens at the URL', async () => {
    const closed = await serve(() => undefined);
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/healthz`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const result = await run({ ...check('/'), url });
    assert.equal(result.status, 'failed');
    assert.match(result.reason, /failed after 1 attempt: fetch failed: .*ECONNREFUSED/);
  });

  it('stops when its signal aborts, rejecting with the signal’s reason', async () => {
    const controller = new AbortController();
    const running = runHttpCheck(check('/verbose', { retries: 10, intervalSeconds: 30 }), {
      signal: controller.signal,
    });
    const abortedBy = new Error('verification aborted by alice');
    controller.abort(abortedBy);
    await assert.rejects(running, abortedBy);
  });
});
