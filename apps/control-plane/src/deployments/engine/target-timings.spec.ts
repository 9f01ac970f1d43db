import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { timingsOnEntering } from './target-timings';

const AT = new Date('2026-01-05T10:00:00.000Z');

describe('timingsOnEntering', () => {
  it('starts a new attempt on applying, clearing the steps a failed attempt had reached', () => {
    assert.deepEqual(timingsOnEntering('Applying', AT), { applyingAt: AT, waitingReadyAt: null, finishedAt: null });
  });

  it('marks when the wait for readiness began', () => {
    assert.deepEqual(timingsOnEntering('WaitingReady', AT), { waitingReadyAt: AT });
  });

  it('marks when the target settled, whichever way', () => {
    for (const settled of ['Ready', 'Failed', 'Skipped', 'RolledBack', 'RollbackFailed'] as const)
      assert.deepEqual(timingsOnEntering(settled, AT), { finishedAt: AT }, settled);
  });

  it('unsettles a target that starts rolling back, until the rollback settles it again', () => {
    assert.deepEqual(timingsOnEntering('RollingBack', AT), { finishedAt: null });
  });
});
