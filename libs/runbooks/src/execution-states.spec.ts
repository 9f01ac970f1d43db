import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ExecutionState,
  IllegalTransitionError,
  StepState,
  activeExecutionStates,
  canTransitionExecution,
  canTransitionStep,
  executionStates,
  stepStates,
  terminalExecutionStates,
  terminalStepStates,
  transitionExecution,
  transitionStep,
} from './execution-states';

/** Every execution transition the machine allows; any other pair is refused. */
const allowedExecutionTransitions: ReadonlyArray<readonly [ExecutionState, ExecutionState]> = [
  ['Pending', 'Running'],
  ['Pending', 'Cancelled'],
  ['Running', 'AwaitingApproval'],
  ['Running', 'PausedByOperator'],
  ['Running', 'PausedByFailedStep'],
  ['Running', 'TimedOut'],
  ['Running', 'Completed'],
  ['Running', 'CompletedWithExceptions'],
  ['Running', 'Cancelled'],
  ['Running', 'Failed'],
  ['AwaitingApproval', 'Running'],
  ['AwaitingApproval', 'PausedByOperator'],
  ['AwaitingApproval', 'TimedOut'],
  ['AwaitingApproval', 'Cancelled'],
  ['PausedByOperator', 'Running'],
  ['PausedByOperator', 'Cancelled'],
  ['PausedByFailedStep', 'Running'],
  ['PausedByFailedStep', 'Cancelled'],
];

const allowedStepTransitions: ReadonlyArray<readonly [StepState, StepState]> = [
  ['NotStarted', 'Running'],
  ['NotStarted', 'Skipped'],
  ['NotStarted', 'Cancelled'],
  ['Running', 'AwaitingApproval'],
  ['Running', 'Completed'],
  ['Running', 'Failed'],
  ['Running', 'Cancelled'],
  ['AwaitingApproval', 'Completed'],
  ['AwaitingApproval', 'Failed'],
  ['AwaitingApproval', 'Cancelled'],
  ['Failed', 'Running'],
  ['Failed', 'Skipped'],
];

describe('runbook execution and step state machines', () => {
  it('allows exactly these execution transitions', () => {
    const allowed = new Set(allowedExecutionTransitions.map(([from, to]) => `${from} -> ${to}`));
    for (const from of executionStates)
      for (const to of executionStates)
        assert.equal(canTransitionExecution(from, to), allowed.has(`${from} -> ${to}`), `${from} -> ${to}`);
  });

  it('allows exactly these step transitions', () => {
    const allowed = new Set(allowedStepTransitions.map(([from, to]) => `${from} -> ${to}`));
    for (const from of stepStates)
      for (const to of stepStates)
        assert.equal(canTransitionStep(from, to), allowed.has(`${from} -> ${to}`), `${from} -> ${to}`);
  });

  it('has terminal states with no way out', () => {
    assert.deepEqual(activeExecutionStates, [
      'Pending',
      'Running',
      'AwaitingApproval',
      'PausedByOperator',
      'PausedByFailedStep',
    ]);
    for (const from of terminalExecutionStates)
      assert.ok(
        executionStates.every((to) => !canTransitionExecution(from, to)),
        from,
      );
    assert.deepEqual(terminalStepStates, ['Completed', 'Skipped', 'Cancelled']);
    for (const from of terminalStepStates)
      assert.ok(
        stepStates.every((to) => !canTransitionStep(from, to)),
        from,
      );
  });

  it('retries a failed step from where it failed: the step runs again and the paused run resumes', () => {
    assert.equal(transitionStep('Failed', 'Running'), 'Running');
    assert.equal(transitionExecution('PausedByFailedStep', 'Running'), 'Running');
  });

  it('never fails a paused or waiting execution directly: only a running executor concludes a failure', () => {
    for (const from of ['Pending', 'AwaitingApproval', 'PausedByOperator', 'PausedByFailedStep'] as const)
      assert.equal(canTransitionExecution(from, 'Failed'), false, from);
  });

  it('refuses an illegal move with a typed error that lists what is allowed', () => {
    assert.throws(
      () => transitionExecution('Completed', 'Running'),
      (error: unknown) =>
        error instanceof IllegalTransitionError &&
        error.code === 'ILLEGAL_TRANSITION' &&
        error.field === 'state' &&
        error.message === 'cannot move a runbook execution from Completed to Running (Completed is final)',
    );
    assert.throws(
      () => transitionStep('NotStarted', 'Completed'),
      /cannot move a runbook step from NotStarted to Completed \(allowed from NotStarted: Running, Skipped, Cancelled\)/,
    );
  });
});
