import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeyedWakeups, Wakeup } from './wakeup';

const LONG_MS = 60_000;

/** Resolves with how long `promise` took, in milliseconds. */
async function timed(promise: Promise<void>): Promise<number> {
  const started = performance.now();
  await promise;
  return performance.now() - started;
}

describe('Wakeup', () => {
  it('ends a wait at the next wake, long before its time', async () => {
    const wakeup = new Wakeup();
    const waited = wakeup.wait(LONG_MS);
    wakeup.wake();
    assert.ok((await timed(waited)) < 1_000);
    assert.equal(wakeup.waiting, 0);
  });

  it('ends every pending wait at one wake', async () => {
    const wakeup = new Wakeup();
    const waits = [wakeup.wait(LONG_MS), wakeup.wait(LONG_MS)];
    assert.equal(wakeup.waiting, 2);
    wakeup.wake();
    await Promise.all(waits);
  });

  it('ends a wait after its time when nobody wakes it', async () => {
    const wakeup = new Wakeup();
    assert.ok((await timed(wakeup.wait(20))) >= 15);
    assert.equal(wakeup.waiting, 0);
  });

  it('ends a wait when its signal fires, and at once when it had fired already', async () => {
    const wakeup = new Wakeup();
    const stop = new AbortController();
    const waited = wakeup.wait(LONG_MS, stop.signal);
    stop.abort();
    await waited;
    assert.equal(wakeup.waiting, 0);
    assert.ok((await timed(wakeup.wait(LONG_MS, stop.signal))) < 1_000);
  });

  it('does not carry a wake over to a wait that starts after it', async () => {
    const wakeup = new Wakeup();
    wakeup.wake();
    assert.ok((await timed(wakeup.wait(20))) >= 15);
  });
});

describe('KeyedWakeups', () => {
  it('wakes the waits on one key and leaves the others waiting', async () => {
    const wakeups = new KeyedWakeups<string>();
    let otherEnded = false;
    const other = wakeups.wait('b', 50).then(() => (otherEnded = true));
    const waited = wakeups.wait('a', LONG_MS);
    wakeups.wake('a');
    assert.ok((await timed(waited)) < 1_000);
    assert.equal(otherEnded, false);
    await other;
  });

  it('keeps no key once its waits have ended, woken or timed out', async () => {
    const wakeups = new KeyedWakeups<string>();
    const woken = wakeups.wait('a', LONG_MS);
    const timedOut = wakeups.wait('b', 10);
    assert.equal(wakeups.keys, 2);
    wakeups.wake('a');
    await Promise.all([woken, timedOut]);
    assert.equal(wakeups.keys, 0);
  });

  it('ends a keyed wait when its signal fires', async () => {
    const wakeups = new KeyedWakeups<string>();
    const stop = new AbortController();
    const waited = wakeups.wait('a', LONG_MS, stop.signal);
    stop.abort();
    assert.ok((await timed(waited)) < 1_000);
    assert.equal(wakeups.keys, 0);
  });
});
