import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KubeApiError } from '@fleetplane/kube';
import { KubeRetrySettings, withKubeRetries } from './kube-retries';

const FAST: KubeRetrySettings = { attempts: 3, initialDelayMs: 1, maxDelayMs: 2 };

const unreachable = () =>
  new KubeApiError({ code: 'Unreachable', message: 'refused', retryable: true, cluster: 'c', request: 'PATCH /x' });
const forbidden = () =>
  new KubeApiError({ code: 'Forbidden', message: 'denied', retryable: false, cluster: 'c', request: 'PATCH /x' });

/** A call that fails with `failures` in turn, then answers 'applied'; it counts its tries. */
function callFailingWith(...failures: Error[]) {
  const call = async () => {
    call.tries++;
    const failure = failures.shift();
    if (failure) throw failure;
    return 'applied';
  };
  call.tries = 0;
  return call;
}

function recorder() {
  const records: string[] = [];
  const record = async (attempt: number, error: unknown) => void records.push(`attempt ${attempt}: ${error}`);
  return { records, record };
}

describe('withKubeRetries', () => {
  it('tries again after a retryable error, recording each failed attempt', async () => {
    const call = callFailingWith(unreachable(), unreachable());
    const { records, record } = recorder();
    assert.equal(await withKubeRetries(call, record, new AbortController().signal, FAST), 'applied');
    assert.equal(call.tries, 3);
    assert.deepEqual(records, ['attempt 1: KubeApiError: refused', 'attempt 2: KubeApiError: refused']);
  });

  it('rejects with the last error once every attempt failed', async () => {
    const last = unreachable();
    const call = callFailingWith(unreachable(), unreachable(), last);
    const { records, record } = recorder();
    await assert.rejects(withKubeRetries(call, record, new AbortController().signal, FAST), (error) => error === last);
    assert.equal(call.tries, 3);
    assert.equal(records.length, 2);
  });

  it('does not retry an error that says the same call would fail again, nor an unknown one', async () => {
    for (const failure of [forbidden(), new Error('a bug')]) {
      const call = callFailingWith(failure);
      const { records, record } = recorder();
      await assert.rejects(
        withKubeRetries(call, record, new AbortController().signal, FAST),
        (error) => error === failure,
      );
      assert.equal(call.tries, 1);
      assert.deepEqual(records, []);
    }
  });

  it('starts the next attempt only once the failed one is recorded', async () => {
    const call = callFailingWith(unreachable());
    const order: string[] = [];
    const slowRecord = async () => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      order.push('recorded');
    };
    const tracked = async () => {
      order.push(`try ${call.tries + 1}`);
      return call();
    };
    await withKubeRetries(tracked, slowRecord, new AbortController().signal, FAST);
    assert.deepEqual(order, ['try 1', 'recorded', 'try 2']);
  });

  it('ends the retries with the record’s error when recording fails', async () => {
    const call = callFailingWith(unreachable());
    const lost = new Error('the database went away');
    await assert.rejects(
      withKubeRetries(call, () => Promise.reject(lost), new AbortController().signal, FAST),
      (error) => error === lost,
    );
    assert.equal(call.tries, 1);
  });

  it('makes no further attempt once its signal fired', async () => {
    const stop = new AbortController();
    const failure = unreachable();
    const call = async () => {
      stop.abort();
      throw failure;
    };
    const { records, record } = recorder();
    await assert.rejects(withKubeRetries(call, record, stop.signal, FAST), (error) => error === failure);
    assert.deepEqual(records, []);
  });
});
