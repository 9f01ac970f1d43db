import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { describe, it } from 'node:test';
import { onAbort } from './abort-relay';

describe('onAbort', () => {
  it('calls every waiting callback once when the signal aborts', () => {
    const controller = new AbortController();
    const calls: string[] = [];
    onAbort(controller.signal, () => calls.push('first'));
    onAbort(controller.signal, () => calls.push('second'));
    controller.abort();
    controller.abort();
    assert.deepEqual(calls, ['first', 'second']);
  });

  it('does not call a callback that stopped waiting', () => {
    const controller = new AbortController();
    const calls: string[] = [];
    const stop = onAbort(controller.signal, () => calls.push('stopped'));
    onAbort(controller.signal, () => calls.push('waiting'));
    stop();
    controller.abort();
    assert.deepEqual(calls, ['waiting']);
  });

  it('keeps one listener on the signal however many calls wait on it', () => {
    const controller = new AbortController();
    const stops = Array.from({ length: 100 }, () => onAbort(controller.signal, () => undefined));
    assert.equal(getEventListeners(controller.signal, 'abort').length, 1);
    stops.forEach((stop) => stop());
    onAbort(controller.signal, () => undefined);
    assert.equal(getEventListeners(controller.signal, 'abort').length, 1);
  });

  it('calls back at once for a signal that has already aborted', () => {
    let calls = 0;
    onAbort(AbortSignal.abort(), () => void calls++);
    assert.equal(calls, 1);
  });

  it('tells apart the same function registered by two calls', () => {
    const controller = new AbortController();
    let calls = 0;
    const callback = (): void => void calls++;
    const stop = onAbort(controller.signal, callback);
    onAbort(controller.signal, callback);
    stop();
    controller.abort();
    assert.equal(calls, 1);
  });
});
