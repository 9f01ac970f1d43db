import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  IllegalPromotionTransition,
  PROMOTION_STATES,
  PromotionState,
  activePromotionStates,
  canTransitionPromotion,
  isTerminalPromotionState,
  terminalPromotionStates,
  transitionPromotion,
} from './promotion-states';

/** Every promotion transition the machine allows; any other pair is refused. */
const allowedTransitions: ReadonlyArray<readonly [PromotionState, PromotionState]> = [
  ['Pending', 'CheckingGates'],
  ['Pending', 'Expired'],
  ['Pending', 'Cancelled'],
  ['CheckingGates', 'AwaitingApproval'],
  ['CheckingGates', 'Deploying'],
  ['CheckingGates', 'Rejected'],
  ['CheckingGates', 'Expired'],
  ['CheckingGates', 'Cancelled'],
  ['AwaitingApproval', 'CheckingGates'],
  ['AwaitingApproval', 'Deploying'],
  ['AwaitingApproval', 'Rejected'],
  ['AwaitingApproval', 'Expired'],
  ['AwaitingApproval', 'Cancelled'],
  ['Deploying', 'Verifying'],
  ['Deploying', 'Succeeded'],
  ['Deploying', 'Failed'],
  ['Deploying', 'Cancelled'],
  ['Verifying', 'Succeeded'],
  ['Verifying', 'Failed'],
  ['Verifying', 'Cancelled'],
];

describe('promotion state machine', () => {
  it('lists the ten states of the issue, the active ones first', () => {
    assert.deepEqual(PROMOTION_STATES, [
      'Pending',
      'CheckingGates',
      'AwaitingApproval',
      'Deploying',
      'Verifying',
      'Succeeded',
      'Failed',
      'Rejected',
      'Expired',
      'Cancelled',
    ]);
    assert.deepEqual(PROMOTION_STATES, [...activePromotionStates, ...terminalPromotionStates]);
  });

  it('allows exactly these transitions', () => {
    const allowed = new Set(allowedTransitions.map(([from, to]) => `${from} -> ${to}`));
    for (const from of PROMOTION_STATES)
      for (const to of PROMOTION_STATES)
        assert.equal(canTransitionPromotion(from, to), allowed.has(`${from} -> ${to}`), `${from} -> ${to}`);
  });

  it('takes every allowed edge through the one transition function', () => {
    for (const [from, to] of allowedTransitions) assert.equal(transitionPromotion(from, to), to, `${from} -> ${to}`);
  });

  it('keeps terminal states final: no move leaves them, not even to themselves', () => {
    for (const from of terminalPromotionStates) {
      assert.ok(isTerminalPromotionState(from), from);
      for (const to of PROMOTION_STATES)
        assert.throws(
          () => transitionPromotion(from, to),
          (error: unknown) =>
            error instanceof IllegalPromotionTransition &&
            error.message === `illegal promotion transition ${from} -> ${to} (${from} is final)`,
        );
    }
    for (const state of activePromotionStates) assert.equal(isTerminalPromotionState(state), false, state);
  });

  it('follows a gated promotion from Pending through approval and verification to Succeeded', () => {
    const path: PromotionState[] = ['CheckingGates', 'AwaitingApproval', 'CheckingGates', 'Deploying', 'Verifying'];
    let state: PromotionState = 'Pending';
    for (const next of [...path, 'Succeeded'] as const) state = transitionPromotion(state, next);
    assert.equal(state, 'Succeeded');
  });

  it('refuses to deploy before the gates are checked or to skip the deployment', () => {
    for (const [from, to] of [
      ['Pending', 'Deploying'],
      ['Pending', 'AwaitingApproval'],
      ['CheckingGates', 'Verifying'],
      ['AwaitingApproval', 'Succeeded'],
    ] as const)
      assert.throws(() => transitionPromotion(from, to), IllegalPromotionTransition, `${from} -> ${to}`);
  });

  it('never rejects or expires a promotion once it is deploying, and says what is allowed instead', () => {
    assert.throws(
      () => transitionPromotion('Deploying', 'Rejected'),
      (error: unknown) =>
        error instanceof IllegalPromotionTransition &&
        error.code === 'ILLEGAL_PROMOTION_TRANSITION' &&
        error.from === 'Deploying' &&
        error.to === 'Rejected' &&
        error.message ===
          'illegal promotion transition Deploying -> Rejected (allowed from Deploying: Verifying, Succeeded, Failed, Cancelled)',
    );
    assert.throws(() => transitionPromotion('Verifying', 'Expired'), IllegalPromotionTransition);
  });
});
