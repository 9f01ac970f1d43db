import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HealthEvent, evaluateSoak, validateSoakDuration } from './soak';

const at = (iso: string): Date => new Date(iso);
const healthy = (iso: string): HealthEvent => ({ kind: 'health', at: at(iso), healthy: true });
const unhealthy = (iso: string): HealthEvent => ({ kind: 'health', at: at(iso), healthy: false });
const failure = (iso: string, detail?: string): HealthEvent => ({ kind: 'failure', at: at(iso), detail });

const anHour = 3600;
const now = at('2026-12-03T12:00:00Z');

describe('soak', () => {
  it('is pending with the seconds still to go while the release has not been healthy long enough', () => {
    const result = evaluateSoak([healthy('2026-12-03T11:20:00Z')], anHour, now);
    assert.deepEqual(result, {
      gate: 'soak',
      status: 'pending',
      reason: 'healthy for 2400s of 3600s; 1200s to go',
      evidence: {
        healthySince: '2026-12-03T11:20:00.000Z',
        measuredAt: '2026-12-03T12:00:00.000Z',
        requiredSeconds: anHour,
        healthySeconds: 2400,
        remainingSeconds: 1200,
      },
      evaluatedAt: '2026-12-03T12:00:00.000Z',
    });
  });

  it('passes once the release has run healthy for the whole duration, to the second', () => {
    const result = evaluateSoak([healthy('2026-12-03T11:00:00Z')], anHour, now);
    assert.equal(result.status, 'passed');
    assert.equal(result.reason, 'healthy without a break for 3600s (3600s required)');
    assert.equal(result.evidence.remainingSeconds, 0);
  });

  it('does not restart the clock on repeated healthy observations', () => {
    const result = evaluateSoak([healthy('2026-12-03T10:00:00Z'), healthy('2026-12-03T11:30:00Z')], anHour, now);
    assert.equal(result.status, 'passed');
    assert.equal(result.evidence.healthySince, '2026-12-03T10:00:00.000Z');
  });

  it('restarts the clock at a failure that left the release healthy', () => {
    const result = evaluateSoak(
      [healthy('2026-12-03T09:00:00Z'), failure('2026-12-03T11:30:00Z', 'container api restarted (OOMKilled)')],
      anHour,
      now,
    );
    assert.equal(result.status, 'pending');
    assert.equal(result.evidence.healthySince, '2026-12-03T11:30:00.000Z');
    assert.equal(result.evidence.remainingSeconds, 1800);
    assert.deepEqual(result.evidence.lastBreak, {
      kind: 'failure',
      at: '2026-12-03T11:30:00.000Z',
      detail: 'container api restarted (OOMKilled)',
    });
  });

  it('restarts the clock when health went away and came back', () => {
    const result = evaluateSoak(
      [healthy('2026-12-03T08:00:00Z'), unhealthy('2026-12-03T11:10:00Z'), healthy('2026-12-03T11:15:00Z')],
      anHour,
      now,
    );
    assert.equal(result.evidence.healthySince, '2026-12-03T11:15:00.000Z');
    assert.deepEqual(result.evidence.lastBreak, { kind: 'unhealthy', at: '2026-12-03T11:10:00.000Z' });
    assert.equal(result.evidence.remainingSeconds, 900);
  });

  it('waits the whole duration while the release is unhealthy or was never seen healthy', () => {
    for (const history of [[], [healthy('2026-12-03T08:00:00Z'), unhealthy('2026-12-03T11:00:00Z')]]) {
      const result = evaluateSoak(history, anHour, now);
      assert.equal(result.status, 'pending');
      assert.equal(result.reason, 'the release is not healthy in this environment');
      assert.equal(result.evidence.healthySince, null);
      assert.equal(result.evidence.remainingSeconds, anHour);
    }
  });

  it('reads the history in time order, whatever order it arrives in, and ignores what comes after now', () => {
    const result = evaluateSoak(
      [failure('2026-12-03T12:00:01Z'), healthy('2026-12-03T10:00:00Z'), failure('2026-12-03T09:00:00Z')],
      anHour,
      now,
    );
    assert.equal(result.status, 'passed');
    assert.equal(result.evidence.healthySince, '2026-12-03T10:00:00.000Z');
  });

  it('validates the duration as whole seconds from 1 to 30 days', () => {
    assert.deepEqual(validateSoakDuration(anHour), []);
    assert.deepEqual(validateSoakDuration(0, 'stages[1].gates.soak.durationSeconds'), [
      { field: 'stages[1].gates.soak.durationSeconds', message: 'must be a whole number of seconds from 1 to 2592000' },
    ]);
    assert.equal(validateSoakDuration(2_592_001).length, 1);
    assert.equal(validateSoakDuration(1.5).length, 1);
  });
});
