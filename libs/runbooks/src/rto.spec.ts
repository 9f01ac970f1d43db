import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EventEntry, EventKind } from './event-chain';
import { measureRto } from './rto';
import { aGroup, aRunbook, aStep } from './testing/runbook.factory';

const runbook = aRunbook(
  [
    aStep('cordon'),
    aGroup('standby', aStep('deploy'), aStep('wait', { name: 'warm-up' })),
    aStep('approval', { name: 'go-ahead' }),
    aStep('shift-traffic', { name: 'shift' }),
  ],
  { objectiveSeconds: 300 },
);

/** An event `second` seconds after 10:00:00. */
function at(second: number, kind: EventKind, step?: string): EventEntry {
  const time = new Date(Date.UTC(2026, 11, 3, 10, 0, 0) + second * 1000).toISOString();
  return { at: time, kind, resources: [], data: {}, ...(step === undefined ? {} : { step }) };
}

const failover: EventEntry[] = [
  at(0, 'outage-observed'),
  at(45, 'triggered'),
  at(46, 'step-started', 'cordon'),
  at(48, 'step-completed', 'cordon'),
  // deploy (an action) and warm-up (a wait) run together; the overlap counts as action time.
  at(48, 'step-started', 'deploy'),
  at(48, 'step-started', 'warm-up'),
  at(78, 'step-completed', 'warm-up'),
  at(108, 'step-completed', 'deploy'),
  at(109, 'step-started', 'go-ahead'),
  at(169, 'step-completed', 'go-ahead'),
  at(170, 'step-started', 'shift'),
  at(175, 'step-completed', 'shift'),
  at(176, 'execution-finished'),
  at(200, 'health-green'),
];

describe('measuring recovery time from the event log', () => {
  it('splits detection from execution, and execution into actions, approvals, waits and the rest', () => {
    const report = measureRto(runbook, failover);
    assert.equal(report.detectionSeconds, 45);
    assert.equal(report.executionSeconds, 130);
    // cordon 2 + deploy 60 + shift 5 of action; the 30 s warm-up overlaps deploy; 60 s awaiting approval;
    // 1 s before cordon, 1 s before the approval and 1 s before the shift nothing ran.
    assert.deepEqual(report.breakdown, { actionsSeconds: 67, approvalsSeconds: 60, waitsSeconds: 0, otherSeconds: 3 });
    assert.equal(report.recoverySeconds, 200);
  });

  it('compares recovery, from outage observed to health green, with the objective', () => {
    assert.deepEqual(measureRto(runbook, failover).objective, {
      status: 'met',
      objectiveSeconds: 300,
      marginSeconds: 100,
    });
    const slow = [...failover.slice(0, -1), at(342.5, 'health-green')];
    assert.deepEqual(measureRto(runbook, slow).objective, { status: 'missed', objectiveSeconds: 300, bySeconds: 42.5 });
  });

  it('cannot judge the objective before health is green again, nor count a green from before the trigger', () => {
    const flapped = [failover[0], at(10, 'health-green'), ...failover.slice(1, -1)];
    const report = measureRto(runbook, flapped);
    assert.equal(report.recoverySeconds, undefined);
    assert.deepEqual(report.objective, { status: 'unknown', objectiveSeconds: 300 });
  });

  it('measures a manual run from its trigger, counts each retry of a step, and a wait alone as wait time', () => {
    const manual = [
      at(0, 'triggered'),
      at(1, 'step-started', 'cordon'),
      at(3, 'step-failed', 'cordon'),
      at(20, 'step-started', 'cordon'),
      at(22, 'step-completed', 'cordon'),
      at(22, 'step-started', 'warm-up'),
      at(52, 'step-completed', 'warm-up'),
      at(60, 'health-green'),
    ];
    const report = measureRto(runbook, manual);
    assert.equal(report.detectionSeconds, undefined);
    assert.equal(report.executionSeconds, 52);
    assert.deepEqual(report.breakdown, { actionsSeconds: 4, approvalsSeconds: 0, waitsSeconds: 30, otherSeconds: 18 });
    assert.equal(report.recoverySeconds, 60);
  });

  it('has nothing to split before a step has finished', () => {
    const report = measureRto(aRunbook([aStep('cordon')]), [at(0, 'triggered'), at(1, 'step-started', 'cordon')]);
    assert.equal(report.executionSeconds, undefined);
    assert.deepEqual(report.breakdown, { actionsSeconds: 0, approvalsSeconds: 0, waitsSeconds: 0, otherSeconds: 0 });
    assert.equal(report.objective, undefined);
  });
});
