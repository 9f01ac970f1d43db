import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callCloud } from './cloud-call';
import { ClusterNotFound, CloudUnavailable, Throttled } from './errors';
import { retryTransientFailures } from './retry';

const policy = retryTransientFailures({ maxRetries: 3, initialDelayMs: 1, maxDelayMs: 2 });
const asIs = (error: unknown) => error as Throttled;

describe('retryTransientFailures', () => {
  it('retries Throttled and CloudUnavailable until the call succeeds', async () => {
    const failures = [
      new Throttled('slow down', { provider: 'eks' }),
      new CloudUnavailable('503', { provider: 'eks' }),
    ];
    let calls = 0;
    const result = await callCloud(policy, asIs, async () => {
      calls++;
      const failure = failures.shift();
      if (failure) throw failure;
      return 'ok';
    });
    assert.equal(result, 'ok');
    assert.equal(calls, 3);
  });

  it('stops after the configured retries and surfaces the last error', async () => {
    let calls = 0;
    await assert.rejects(
      callCloud(policy, asIs, async () => {
        calls++;
        throw new Throttled('slow down', { provider: 'gke' });
      }),
      Throttled,
    );
    assert.equal(calls, 4);
  });

  it('never retries an answer that will not change, such as ClusterNotFound', async () => {
    let calls = 0;
    await assert.rejects(
      callCloud(policy, asIs, async () => {
        calls++;
        throw new ClusterNotFound('gone', { provider: 'aks' });
      }),
      ClusterNotFound,
    );
    assert.equal(calls, 1);
  });

  it('translates vendor errors before deciding, so a vendor throttle is retried', async () => {
    let calls = 0;
    const result = await callCloud(
      policy,
      () => new Throttled('translated', { provider: 'eks', cloudCode: 'ThrottlingException' }),
      async () => {
        if (++calls === 1) throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
        return calls;
      },
    );
    assert.equal(result, 2);
  });
});
