import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { KubeApiError, KubeClusterClient, KubeErrorCode, ObjectRef, ApplyManifest } from '@fleetplane/kube';
import { KubeTestEnv, startKubeTestEnv } from './support';

const CLUSTER = 'flaky';
const configMap = (name: string): ApplyManifest => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'default' },
  data: { key: 'value' },
});

async function failureOf(call: Promise<unknown>): Promise<KubeApiError> {
  try {
    await call;
  } catch (error) {
    assert.ok(error instanceof KubeApiError, `expected a KubeApiError, got ${String(error)}`);
    return error;
  }
  assert.fail('the call succeeded');
}

function assertFailure(error: KubeApiError, code: KubeErrorCode, retryable: boolean): void {
  assert.equal(error.code, code, error.message);
  assert.equal(error.retryable, retryable, `${code} retryable`);
  assert.equal(error.cluster, CLUSTER);
}

describe('cluster failures become typed errors', { timeout: 30_000 }, () => {
  let env: KubeTestEnv;
  let client: KubeClusterClient;

  before(async () => {
    env = await startKubeTestEnv([{ name: CLUSTER }]);
    client = env.clientFor(CLUSTER, { requestTimeoutMs: 2_000 });
    await client.apply([configMap('warm-up')]);
  });
  afterEach(() => env.sandbox.clearFaults(CLUSTER));
  after(() => env.close());

  it('a cluster in outage is Unreachable at once, even over a kept-alive connection', async () => {
    await env.sandbox.fault(CLUSTER, { outage: true });
    const started = Date.now();
    const error = await failureOf(client.apply([configMap('during-outage')]));
    assertFailure(error, 'Unreachable', true);
    assert.equal(error.object?.name, 'during-outage');
    assert.ok(Date.now() - started < 1_000, `took ${Date.now() - started} ms`);
  });

  it('the client works again once the cluster is back', async () => {
    const [applied] = await client.apply([configMap('after-outage')]);
    assert.equal(applied.name, 'after-outage');
  });

  it('a cluster slower than the request timeout is Unreachable after that timeout', async () => {
    await env.sandbox.fault(CLUSTER, { latencyMs: 2_000 });
    const started = Date.now();
    const error = await failureOf(client.get(refTo('warm-up'), { timeoutMs: 200 }));
    assertFailure(error, 'Unreachable', true);
    assert.ok(Date.now() - started < 1_000, `took ${Date.now() - started} ms`);
  });

  it('the caller’s signal aborts a call in flight', async () => {
    await env.sandbox.fault(CLUSTER, { latencyMs: 2_000 });
    const started = Date.now();
    const error = await failureOf(client.apply([configMap('aborted')], { signal: AbortSignal.timeout(100) }));
    assertFailure(error, 'Aborted', false);
    assert.ok(Date.now() - started < 1_000);
  });

  it('throttling is TooManyRequests, retryable after the server’s Retry-After', async () => {
    await env.sandbox.fault(CLUSTER, { errorRate: 1, errorStatus: 429, retryAfterSeconds: 7 });
    const error = await failureOf(client.apply([configMap('throttled')]));
    assertFailure(error, 'TooManyRequests', true);
    assert.equal(error.httpStatus, 429);
    assert.equal(error.retryAfterSeconds, 7);
  });

  it('a 500 is a retryable ServerError with the server’s message', async () => {
    await env.sandbox.fault(CLUSTER, { errorRate: 1, errorStatus: 500 });
    const error = await failureOf(client.get(refTo('warm-up')));
    assertFailure(error, 'ServerError', true);
    assert.match(error.message, /injected fault/);
  });

  it('an expired token is Unauthorized and not retryable', async () => {
    await env.sandbox.fault(CLUSTER, { expiredToken: true });
    const error = await failureOf(client.ensureNamespaces(['team-a']));
    assertFailure(error, 'Unauthorized', false);
    assert.equal(error.httpStatus, 401);
  });

  it('an invalid object is Invalid with the field paths the server gave', async () => {
    const error = await failureOf(
      client.apply([
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'no-containers', namespace: 'default' },
          spec: { selector: { matchLabels: { app: 'x' } }, template: { metadata: { labels: { app: 'y' } } } },
        },
      ]),
    );
    assertFailure(error, 'Invalid', false);
    assert.ok(error.causes.length > 0);
    assert.ok(
      error.causes.every((cause) => typeof cause.field === 'string' && cause.field.startsWith('spec.')),
      JSON.stringify(error.causes),
    );
  });

  it('an object in a namespace that does not exist is NotFound; ensureNamespaces creates only the missing ones', async () => {
    const inMissing = { ...configMap('settings'), metadata: { name: 'settings', namespace: 'team-b' } };
    assertFailure(await failureOf(client.apply([inMissing])), 'NotFound', false);

    assert.deepEqual(await client.ensureNamespaces(['default', 'team-b']), ['team-b']);
    assert.deepEqual(await client.ensureNamespaces(['team-b']), [], 'existing namespaces are left alone');
    const [applied] = await client.apply([inMissing]);
    assert.equal(applied.namespace, 'team-b');
  });

  it('a kind the cluster does not serve is UnknownKind after one discovery request', async () => {
    const before = client.discoveryRequests;
    const error = await failureOf(
      client.apply([{ apiVersion: 'widgets.example.com/v1', kind: 'Widget', metadata: { name: 'w' } }]),
    );
    assertFailure(error, 'UnknownKind', false);
    assert.equal(client.discoveryRequests, before + 1);
  });
});

function refTo(name: string): ObjectRef {
  return { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name };
}
