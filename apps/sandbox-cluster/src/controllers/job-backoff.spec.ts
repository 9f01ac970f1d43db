import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_JOB_BACKOFF_MS, observePods, remainingBackoffMs } from './job-backoff';

describe('Job pod failure back-off', () => {
  it('lets a Job without failures create pods at once', () => {
    const record = observePods(undefined, { failed: 0, succeeded: 0 }, 1000);
    assert.equal(remainingBackoffMs(record, 10_000, 1000), 0);
  });

  it('waits 10 s after the first failure, doubling with each further one, from when it was seen', () => {
    const first = observePods(undefined, { failed: 1, succeeded: 0 }, 1000);
    assert.equal(remainingBackoffMs(first, 10_000, 1000), 10_000);
    assert.equal(remainingBackoffMs(first, 10_000, 8000), 3000);
    assert.equal(remainingBackoffMs(first, 10_000, 11_000), 0);
    const third = observePods(
      observePods(first, { failed: 2, succeeded: 0 }, 12_000),
      { failed: 3, succeeded: 0 },
      40_000,
    );
    assert.equal(remainingBackoffMs(third, 10_000, 40_000), 40_000);
  });

  it('does not restart the wait when nothing new failed', () => {
    const first = observePods(undefined, { failed: 1, succeeded: 0 }, 1000);
    const again = observePods(first, { failed: 1, succeeded: 0 }, 5000);
    assert.equal(remainingBackoffMs(again, 10_000, 5000), 6000);
  });

  it('caps the wait at ten minutes', () => {
    const many = observePods(undefined, { failed: 12, succeeded: 0 }, 0);
    assert.equal(remainingBackoffMs(many, 10_000, 0), MAX_JOB_BACKOFF_MS);
  });

  it('counts only the failures since the last success', () => {
    const failing = observePods(undefined, { failed: 3, succeeded: 0 }, 0);
    const recovered = observePods(failing, { failed: 3, succeeded: 1 }, 1000);
    assert.equal(remainingBackoffMs(recovered, 10_000, 1000), 0);
    const failedAgain = observePods(recovered, { failed: 4, succeeded: 1 }, 2000);
    assert.equal(remainingBackoffMs(failedAgain, 10_000, 2000), 10_000);
  });
});
