import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { request } from 'node:https';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TestSandbox, startTestSandbox } from './support';

const CLUSTER = 'faulty';
const MAIN = join(__dirname, '..', '..', 'apps', 'sandbox-cluster', 'src', 'main.js');

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

describe('fault injection and the request log', { timeout: 60_000 }, () => {
  let env: TestSandbox;
  let cluster: TestSandbox['sandbox']['clusters'][number];

  /** A bare HTTPS request with the cluster's CA and token, so nothing retries behind our back. */
  const call = (path: string, token = cluster.token): Promise<RawResponse> =>
    new Promise((resolve, reject) => {
      const target = new URL(path, cluster.server);
      const outgoing = request(
        target,
        { ca: cluster.caPem, agent: false, headers: { Authorization: `Bearer ${token}` } },
        (response) => {
          let body = '';
          response.on('data', (chunk) => (body += chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
        },
      );
      outgoing.on('error', reject);
      outgoing.end();
    });

  before(async () => {
    env = await startTestSandbox([{ name: CLUSTER }, { name: 'bystander' }]);
    cluster = env.sandbox.clusters[0];
  });
  after(() => env.close());

  it('rejects a wrong token with 401 and logs every request with method, path, status and latency', async () => {
    env.sandbox.clearRequestLog(CLUSTER);
    assert.equal((await call('/api/v1/namespaces', 'not-the-token')).status, 401);
    assert.equal((await call('/api/v1/namespaces?limit=1')).status, 200);
    const log = env.sandbox.requestLog(CLUSTER);
    assert.deepEqual(
      log.map(({ method, path, status }) => ({ method, path, status })),
      [
        { method: 'GET', path: '/api/v1/namespaces', status: 401 },
        { method: 'GET', path: '/api/v1/namespaces?limit=1', status: 200 },
      ],
    );
    assert.ok(log.every((entry) => entry.latencyMs >= 0));
    assert.deepEqual(env.sandbox.requestLog('bystander'), []);
  });

  it('adds fixed latency plus jitter to every request', async () => {
    await env.sandbox.fault(CLUSTER, { latencyMs: 150, jitterMs: 50 });
    const started = Date.now();
    assert.equal((await call('/version')).status, 200);
    const elapsed = Date.now() - started;
    await env.sandbox.clearFaults(CLUSTER);
    assert.ok(elapsed >= 150 && elapsed < 1000, `took ${elapsed}ms`);
  });

  it('fails the configured share of requests with 500', async () => {
    await env.sandbox.fault(CLUSTER, { errorRate: 1, errorStatus: 500 });
    const failed = await call('/api/v1/namespaces');
    await env.sandbox.clearFaults(CLUSTER);
    assert.equal(failed.status, 500);
    assert.equal(JSON.parse(failed.body).reason, 'InternalError');
    assert.equal((await call('/api/v1/namespaces')).status, 200);
  });

  it('throttles with 429 and Retry-After', async () => {
    await env.sandbox.fault(CLUSTER, { errorRate: 1, errorStatus: 429, retryAfterSeconds: 7 });
    const throttled = await call('/api/v1/namespaces');
    await env.sandbox.clearFaults(CLUSTER);
    assert.equal(throttled.status, 429);
    assert.equal(throttled.headers['retry-after'], '7');
    assert.equal(JSON.parse(throttled.body).details.retryAfterSeconds, 7);
  });

  it('answers everything 401 while the token is expired', async () => {
    await env.sandbox.fault(CLUSTER, { expiredToken: true });
    const expired = await call('/api/v1/namespaces');
    await env.sandbox.clearFaults(CLUSTER);
    assert.equal(expired.status, 401);
    assert.equal(JSON.parse(expired.body).reason, 'Unauthorized');
  });

  it('refuses connections during an outage and serves the same data after recovery', async () => {
    await env.sandbox.fault(CLUSTER, { outage: true });
    await assert.rejects(call('/version'), (error: NodeJS.ErrnoException) => error.code === 'ECONNREFUSED');
    await env.sandbox.clearFaults(CLUSTER);
    const after = await call('/api/v1/namespaces/default');
    assert.equal(after.status, 200);
    assert.equal(JSON.parse(after.body).metadata.name, 'default');
  });

  it('delays each watch event when watches are slow', async () => {
    await env.sandbox.fault(CLUSTER, { slowWatchMs: 300 });
    const started = Date.now();
    const result = await call('/api/v1/namespaces?watch=true&timeoutSeconds=2&fieldSelector=metadata.name%3Ddefault');
    await env.sandbox.clearFaults(CLUSTER);
    const lines = result.body.trim().split('\n');
    assert.equal(lines.length, 1);
    assert.equal(JSON.parse(lines[0]).type, 'ADDED');
    assert.ok(Date.now() - started >= 300);
  });

  it('takes faults from `sandbox fault` through the admin endpoint and lists clusters there', async () => {
    const run = (args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(process.execPath, [MAIN, ...args], { timeout: 15_000 }, (error, stdout, stderr) =>
          resolve({ code: error ? 1 : 0, stdout, stderr }),
        );
      });
    const admin = env.sandbox.adminUrl!;
    const set = await run([
      'fault',
      '--admin',
      admin,
      '--cluster',
      CLUSTER,
      '--error-rate',
      '1',
      '--error-status',
      '429',
      '--retry-after',
      '3',
    ]);
    assert.equal(set.code, 0, set.stderr);
    assert.equal((await call('/api/v1/namespaces')).status, 429);
    const cleared = await run(['fault', '--admin', admin, '--cluster', CLUSTER, '--clear']);
    assert.equal(cleared.code, 0, cleared.stderr);
    assert.equal((await call('/api/v1/namespaces')).status, 200);
    const listed = (await (await fetch(`${admin}/clusters`)).json()) as Array<{ name: string; server: string }>;
    assert.deepEqual(
      listed.map((item) => item.name),
      [CLUSTER, 'bystander'],
    );
    const requests = (await (await fetch(`${admin}/clusters/${CLUSTER}/requests`)).json()) as Array<{ status: number }>;
    assert.ok(requests.some((entry) => entry.status === 429));
    const rejected = await fetch(`${admin}/clusters/${CLUSTER}/faults`, {
      method: 'POST',
      body: JSON.stringify({ errorRate: 2 }),
    });
    assert.equal(rejected.status, 400);
  });
});
