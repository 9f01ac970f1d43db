import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StepState } from './execution-states';
import { ExecutionProgress, NextAction, compensationPlan, nextAction, stagesOf } from './execution-order';
import { aCompensation, aGroup, aRunbook, aStep } from './testing/runbook.factory';

const cordon = aStep('cordon', { onFailure: 'compensate', compensate: [aCompensation('uncordon')] });
const deploy = aStep('deploy', { name: 'deploy-standby' });
const scale = aStep('scale', { name: 'scale-standby', ungraceful: 'skip' });
const promote = aStep('promote-replica', {
  name: 'promote',
  onFailure: 'compensate',
  compensate: [aCompensation('webhook', { name: 'page-dba' })],
});
const page = aStep('webhook', { name: 'page', onFailure: 'continue', condition: '${{ inputs.page }}' });
const shift = aStep('shift-traffic', {
  name: 'shift',
  onFailure: 'compensate',
  compensate: [aCompensation('wait', { name: 'settle' })],
});
const failover = aRunbook([cordon, aGroup('standby', deploy, scale), promote, page, shift]);

function next(stepStates: Record<string, StepState>, overrides: Partial<ExecutionProgress> = {}): NextAction {
  return nextAction(failover, {
    mode: 'graceful',
    stepStates,
    context: { inputs: { page: true }, outputs: {} },
    ...overrides,
  });
}

/** Names of what `action` starts and skips, for short assertions. */
function started(action: NextAction): { start: string[]; skip: string[] } {
  assert.equal(action.kind, 'start');
  if (action.kind !== 'start') return { start: [], skip: [] };
  return {
    start: action.start.map((step) => step.name),
    skip: action.skip.map(({ step, reason }) => `${step.name}:${reason}`),
  };
}

describe('the order a run takes through its runbook', () => {
  it('flattens the definition into stages, a parallel group being one stage', () => {
    assert.deepEqual(
      stagesOf(failover).map((stage) => [stage.kind, stage.name, stage.steps.map((step) => step.name)]),
      [
        ['step', 'cordon', ['cordon']],
        ['group', 'standby', ['deploy-standby', 'scale-standby']],
        ['step', 'promote', ['promote']],
        ['step', 'page', ['page']],
        ['step', 'shift', ['shift']],
      ],
    );
  });

  it('starts the first step, then a whole group together once the stage before it is done', () => {
    assert.deepEqual(started(next({})), { start: ['cordon'], skip: [] });
    assert.deepEqual(next({ cordon: 'Running' }), { kind: 'wait' });
    assert.deepEqual(started(next({ cordon: 'Completed' })), { start: ['deploy-standby', 'scale-standby'], skip: [] });
  });

  it('waits for every step of a group before the next stage', () => {
    assert.deepEqual(
      next({ cordon: 'Completed', 'deploy-standby': 'Completed', 'scale-standby': 'AwaitingApproval' }),
      {
        kind: 'wait',
      },
    );
  });

  it('skips the steps marked ungraceful skip in an ungraceful run, or when that step alone is switched', () => {
    const afterCordon = { cordon: 'Completed' } as const;
    assert.deepEqual(started(next(afterCordon, { mode: 'ungraceful' })), {
      start: ['deploy-standby'],
      skip: ['scale-standby:ungraceful'],
    });
    assert.deepEqual(started(next(afterCordon, { ungracefulSteps: ['scale-standby'] })), {
      start: ['deploy-standby'],
      skip: ['scale-standby:ungraceful'],
    });
    assert.deepEqual(started(next(afterCordon, { ungracefulSteps: ['deploy-standby'] })), {
      start: ['deploy-standby', 'scale-standby'],
      skip: [],
    });
  });

  it('skips a step whose condition is false when its stage starts', () => {
    const before = {
      cordon: 'Completed',
      'deploy-standby': 'Completed',
      'scale-standby': 'Completed',
      promote: 'Completed',
    } as const;
    assert.deepEqual(started(next(before)), { start: ['page'], skip: [] });
    assert.deepEqual(started(next(before, { context: { inputs: { page: false }, outputs: {} } })), {
      start: [],
      skip: ['page:condition'],
    });
  });

  it('goes on past a step that failed under continue, and finishes with that exception', () => {
    const done = {
      cordon: 'Completed',
      'deploy-standby': 'Completed',
      'scale-standby': 'Skipped',
      promote: 'Completed',
    } as const;
    assert.deepEqual(started(next({ ...done, page: 'Failed' })), { start: ['shift'], skip: [] });
    assert.deepEqual(next({ ...done, page: 'Failed', shift: 'Completed' }), {
      kind: 'finish',
      state: 'CompletedWithExceptions',
      exceptions: ['page'],
    });
    assert.deepEqual(next({ ...done, page: 'Skipped', shift: 'Completed' }), {
      kind: 'finish',
      state: 'Completed',
      exceptions: [],
    });
  });

  it('pauses on a step that failed under abort once its siblings settle, and resumes when it is retried or skipped', () => {
    const failing = { cordon: 'Completed', 'deploy-standby': 'Failed' } as const;
    assert.deepEqual(next({ ...failing, 'scale-standby': 'Running' }), { kind: 'wait' });
    assert.deepEqual(next({ ...failing, 'scale-standby': 'Completed' }), { kind: 'pause', failed: deploy });
    assert.deepEqual(next({ ...failing, 'deploy-standby': 'Running', 'scale-standby': 'Completed' }), { kind: 'wait' });
    assert.deepEqual(started(next({ ...failing, 'deploy-standby': 'Skipped', 'scale-standby': 'Completed' })), {
      start: ['promote'],
      skip: [],
    });
  });

  it('compensates a failure under compensate: the failed step first, then completed steps latest first', () => {
    const states = {
      cordon: 'Completed',
      'deploy-standby': 'Completed',
      'scale-standby': 'Completed',
      promote: 'Completed',
      page: 'Completed',
      shift: 'Failed',
    } as const;
    const action = next(states);
    assert.equal(action.kind, 'compensate');
    if (action.kind !== 'compensate') return;
    assert.equal(action.failed, shift);
    assert.deepEqual(
      action.compensations.map((run) => `${run.compensates}: ${run.step.name}`),
      ['shift: settle', 'promote: page-dba', 'cordon: undo-uncordon'],
    );
  });

  it('leaves out the compensations marked ungraceful skip in an ungraceful run', () => {
    const runbook = aRunbook([
      aStep('cordon', { onFailure: 'compensate', compensate: [aCompensation('uncordon', { ungraceful: 'skip' })] }),
    ]);
    const failed = runbook.spec.steps[0];
    assert.ok(!('parallel' in failed));
    assert.deepEqual(compensationPlan(runbook, { mode: 'ungraceful', stepStates: { cordon: 'Failed' } }, failed), []);
    assert.equal(compensationPlan(runbook, { mode: 'graceful', stepStates: { cordon: 'Failed' } }, failed).length, 1);
  });
});
