import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CallerAbort, RequestTimeout } from './api-server-connection';
import { boundedBy } from './bounded-by';

const exchange = (timeoutMs: number, signal?: AbortSignal) => ({
  method: 'GET',
  path: '/',
  headers: {},
  timeoutMs,
  ...(signal ? { signal } : {}),
});

describe('boundedBy', () => {
  it('settles as the work does when it is in time', async () => {
    assert.equal(await boundedBy<string>(exchange(1_000), 'answer', (settle) => settle.resolve('ok')), 'ok');
  });

  it('hands a timeout to the work’s abandon callback, which settles it', async () => {
    let abandoned: unknown;
    const pending = boundedBy<string>(exchange(10), 'answer', (settle) => (error) => {
      abandoned = error;
      settle.reject(error);
    });
    await assert.rejects(
      pending,
      (error) => error instanceof RequestTimeout && /no answer within 10 ms/.test(error.message),
    );
    assert.ok(abandoned instanceof RequestTimeout);
  });

  it('rejects with CallerAbort when the signal fires, even one that fired before', async () => {
    const aborted = AbortSignal.abort();
    await assert.rejects(
      boundedBy(exchange(1_000, aborted), 'answer', () => undefined),
      (error) => error instanceof CallerAbort,
    );
  });

  it('rejects with what the work throws when it starts', async () => {
    const thrown = new Error('no stream');
    await assert.rejects(
      boundedBy(exchange(10), 'answer', () => {
        throw thrown;
      }),
      thrown,
    );
  });
});
