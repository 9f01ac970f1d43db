import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DeploymentState,
  IllegalTransitionError,
  activeDeploymentStates,
  canTransitionDeployment,
  deploymentStates,
  terminalDeploymentStates,
  transitionDeployment,
  transitionTarget,
} from './rollout-states';

/** Every deployment transition the machine allows; any other pair is refused. */
const allowedDeploymentTransitions: ReadonlyArray<readonly [DeploymentState, DeploymentState]> = [
  ['Pending', 'Progressing'],
  ['Pending', 'Cancelled'],
  ['Progressing', 'Paused'],
  ['Progressing', 'RollingBack'],
  ['Progressing', 'Succeeded'],
  ['Progressing', 'PartiallyFailed'],
  ['Progressing', 'Failed'],
  ['Progressing', 'Cancelled'],
  ['Paused', 'Progressing'],
  ['Paused', 'RollingBack'],
  ['Paused', 'Cancelled'],
  ['RollingBack', 'RolledBack'],
  ['RollingBack', 'Failed'],
];

describe('rollout state machine', () => {
  it('allows exactly these deployment transitions, an operator’s pause and resume among them', () => {
    const allowed = new Set(allowedDeploymentTransitions.map(([from, to]) => `${from} -> ${to}`));
    for (const from of deploymentStates)
      for (const to of deploymentStates)
        assert.equal(canTransitionDeployment(from, to), allowed.has(`${from} -> ${to}`), `${from} -> ${to}`);
  });

  it('splits the deployment states into active ones and terminal ones, which have no way out', () => {
    assert.deepEqual(activeDeploymentStates, ['Pending', 'Progressing', 'Paused', 'RollingBack']);
    assert.deepEqual(deploymentStates, [...activeDeploymentStates, ...terminalDeploymentStates]);
    for (const from of terminalDeploymentStates)
      assert.ok(
        deploymentStates.every((to) => !canTransitionDeployment(from, to)),
        from,
      );
  });

  it('follows a rollout from Pending to Succeeded', () => {
    assert.equal(transitionDeployment('Pending', 'Progressing'), 'Progressing');
    assert.equal(transitionDeployment('Progressing', 'Paused'), 'Paused');
    assert.equal(transitionDeployment('Paused', 'Progressing'), 'Progressing');
    assert.equal(transitionDeployment('Progressing', 'Succeeded'), 'Succeeded');
  });

  it('follows a halted rollout through RollingBack to RolledBack', () => {
    assert.equal(transitionDeployment('Progressing', 'RollingBack'), 'RollingBack');
    assert.equal(transitionDeployment('RollingBack', 'RolledBack'), 'RolledBack');
  });

  it('follows a target through apply, readiness and rollback', () => {
    assert.equal(transitionTarget('Pending', 'Applying'), 'Applying');
    assert.equal(transitionTarget('Applying', 'WaitingReady'), 'WaitingReady');
    assert.equal(transitionTarget('WaitingReady', 'Ready'), 'Ready');
    assert.equal(transitionTarget('Ready', 'RollingBack'), 'RollingBack');
    assert.equal(transitionTarget('RollingBack', 'RolledBack'), 'RolledBack');
  });

  it('lets an operator retry a failed target', () => {
    assert.equal(transitionTarget('Failed', 'Applying'), 'Applying');
  });

  it('refuses to leave a final deployment state', () => {
    assert.throws(
      () => transitionDeployment('Succeeded', 'Progressing'),
      (error: unknown) =>
        error instanceof IllegalTransitionError &&
        error.code === 'ILLEGAL_TRANSITION' &&
        error.message === 'illegal deployment transition Succeeded -> Progressing (Succeeded is final)',
    );
  });

  it('refuses shortcuts that would skip readiness or the apply', () => {
    for (const [from, to] of [
      ['Pending', 'Ready'],
      ['Applying', 'Ready'],
      ['Skipped', 'Applying'],
      ['RolledBack', 'Ready'],
    ] as const) {
      assert.throws(() => transitionTarget(from, to), IllegalTransitionError, `${from} -> ${to}`);
    }
  });

  it('refuses cancelling a rollback or finishing Pending directly', () => {
    assert.throws(
      () => transitionDeployment('RollingBack', 'Cancelled'),
      /allowed from RollingBack: RolledBack, Failed/,
    );
    assert.throws(() => transitionDeployment('Pending', 'Succeeded'), IllegalTransitionError);
  });
});
