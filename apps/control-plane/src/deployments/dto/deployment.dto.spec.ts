import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DeploymentTargetEntity } from '@fleetplane/persistence';
import { TargetTimings } from './deployment.dto';

const QUEUED = new Date('2026-01-05T10:00:00.000Z');
const at = (ms: number) => new Date(QUEUED.getTime() + ms);

function target(steps: Pick<DeploymentTargetEntity, 'applyingAt' | 'waitingReadyAt' | 'finishedAt'>) {
  return Object.assign(new DeploymentTargetEntity(), steps);
}

describe('TargetTimings', () => {
  it('gives when each step began and how long queueing, applying and waiting for readiness took', () => {
    const timings = TargetTimings.of(
      target({ applyingAt: at(1_000), waitingReadyAt: at(1_500), finishedAt: at(4_000) }),
      QUEUED,
    );
    assert.deepEqual(timings, {
      queuedAt: '2026-01-05T10:00:00.000Z',
      applyingAt: '2026-01-05T10:00:01.000Z',
      waitingReadyAt: '2026-01-05T10:00:01.500Z',
      finishedAt: '2026-01-05T10:00:04.000Z',
      queueMs: 1_000,
      applyMs: 500,
      waitReadyMs: 2_500,
      totalMs: 4_000,
    });
  });

  it('leaves the steps not reached yet, and the durations they end, null', () => {
    const timings = TargetTimings.of(target({ applyingAt: at(200), waitingReadyAt: null, finishedAt: null }), QUEUED);
    assert.equal(timings.queueMs, 200);
    assert.deepEqual([timings.waitingReadyAt, timings.finishedAt], [null, null]);
    assert.deepEqual([timings.applyMs, timings.waitReadyMs, timings.totalMs], [null, null, null]);
  });

  it('times a cluster that failed while applying, or was skipped, only from queue to end', () => {
    const failed = TargetTimings.of(target({ applyingAt: at(100), waitingReadyAt: null, finishedAt: at(900) }), QUEUED);
    assert.deepEqual([failed.applyMs, failed.waitReadyMs, failed.totalMs], [null, null, 900]);
    const skipped = TargetTimings.of(target({ applyingAt: null, waitingReadyAt: null, finishedAt: at(50) }), QUEUED);
    assert.deepEqual([skipped.queueMs, skipped.totalMs], [null, 50]);
  });
});
