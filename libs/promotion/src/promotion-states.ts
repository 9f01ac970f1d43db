import { PromotionError } from './promotion.errors';

const active = ['Pending', 'CheckingGates', 'AwaitingApproval', 'Deploying', 'Verifying'] as const;
const terminal = ['Succeeded', 'Failed', 'Rejected', 'Expired', 'Cancelled'] as const;

/** Every promotion state, the active ones first. */
export const PROMOTION_STATES = [...active, ...terminal] as const;

/**
 * Where a promotion is. Rejected means a person or a gate refused it before anything was deployed (a
 * declined approval, a release that never became healthy); Failed means the deployment or its verification
 * failed; Expired means it waited too long (approvals past their TTL, superseded by a newer release when a
 * freeze lifted).
 */
export type PromotionState = (typeof PROMOTION_STATES)[number];

/** States a promotion still moves in: a replica drives it, or it waits on a person. */
export const activePromotionStates: readonly PromotionState[] = active;

/** States a promotion never leaves. */
export const terminalPromotionStates: readonly PromotionState[] = terminal;

/**
 * The allowed moves. AwaitingApproval goes back to CheckingGates because the gates are re-read once the
 * approvals are in: a freeze may have started while people were deciding. Nothing leaves Deploying for a
 * freeze (a freeze never interrupts a deployment), and Deploying goes straight to Succeeded only for a stage
 * with no verification checks. Re-running verification restarts the checks inside Verifying; it is not a move.
 */
export const promotionTransitions: Readonly<Record<PromotionState, readonly PromotionState[]>> = {
  Pending: ['CheckingGates', 'Expired', 'Cancelled'],
  CheckingGates: ['AwaitingApproval', 'Deploying', 'Rejected', 'Expired', 'Cancelled'],
  AwaitingApproval: ['CheckingGates', 'Deploying', 'Rejected', 'Expired', 'Cancelled'],
  Deploying: ['Verifying', 'Succeeded', 'Failed', 'Cancelled'],
  Verifying: ['Succeeded', 'Failed', 'Cancelled'],
  Succeeded: [],
  Failed: [],
  Rejected: [],
  Expired: [],
  Cancelled: [],
};

/** A move the state machine refuses; the API answers it as a 409 naming both states. */
export class IllegalPromotionTransition extends PromotionError<'ILLEGAL_PROMOTION_TRANSITION'> {
  constructor(
    readonly from: PromotionState,
    readonly to: PromotionState,
    readonly allowed: readonly PromotionState[],
  ) {
    const allowedText = allowed.length === 0 ? `${from} is final` : `allowed from ${from}: ${allowed.join(', ')}`;
    super('ILLEGAL_PROMOTION_TRANSITION', `illegal promotion transition ${from} -> ${to} (${allowedText})`);
  }
}

export function canTransitionPromotion(from: PromotionState, to: PromotionState): boolean {
  return promotionTransitions[from].includes(to);
}

export function isTerminalPromotionState(state: PromotionState): boolean {
  return terminalPromotionStates.includes(state);
}

/**
 * The one way a promotion changes state: returns `to` when the move is legal, throws
 * IllegalPromotionTransition otherwise. The driver persists the result in the same transaction as its effects.
 */
export function transitionPromotion(current: PromotionState, to: PromotionState): PromotionState {
  if (!canTransitionPromotion(current, to))
    throw new IllegalPromotionTransition(current, to, promotionTransitions[current]);
  return to;
}
