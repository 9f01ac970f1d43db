import { FanoutError } from '../common/fanout-error';

const active = ['Pending', 'Progressing', 'Paused', 'RollingBack'] as const;
const terminal = ['Succeeded', 'PartiallyFailed', 'Failed', 'RolledBack', 'Cancelled'] as const;

/**
 * Deployment states. RollingBack is the in-between state of a halt with rollbackOnHalt: without it a
 * restarted engine could not tell a rollback in progress from a rollout in progress.
 */
export type DeploymentState = (typeof active)[number] | (typeof terminal)[number];

/** States a deployment still moves in: a replica drives it, or it waits on a person (approval, pause). */
export const activeDeploymentStates: readonly DeploymentState[] = active;

/** States a deployment never leaves. */
export const terminalDeploymentStates: readonly DeploymentState[] = terminal;

/** Every deployment state, the active ones first. */
export const deploymentStates: readonly DeploymentState[] = [...active, ...terminal];

export type TargetState =
  | 'Pending'
  | 'Applying'
  | 'WaitingReady'
  | 'Ready'
  | 'Failed'
  | 'Skipped'
  | 'RollingBack'
  | 'RolledBack'
  | 'RollbackFailed';

const deploymentTransitions: Readonly<Record<DeploymentState, readonly DeploymentState[]>> = {
  Pending: ['Progressing', 'Cancelled'],
  Progressing: ['Paused', 'RollingBack', 'Succeeded', 'PartiallyFailed', 'Failed', 'Cancelled'],
  Paused: ['Progressing', 'RollingBack', 'Cancelled'],
  RollingBack: ['RolledBack', 'Failed'],
  Succeeded: [],
  PartiallyFailed: [],
  Failed: [],
  RolledBack: [],
  Cancelled: [],
};

const targetTransitions: Readonly<Record<TargetState, readonly TargetState[]>> = {
  Pending: ['Applying', 'Skipped'],
  Applying: ['WaitingReady', 'Failed'],
  WaitingReady: ['Ready', 'Failed'],
  // An operator may retry a failed cluster, which applies it again.
  Failed: ['Applying', 'RollingBack'],
  Ready: ['RollingBack'],
  Skipped: [],
  RollingBack: ['RolledBack', 'RollbackFailed'],
  RollbackFailed: ['RollingBack'],
  RolledBack: [],
};

export type TransitionSubject = 'deployment' | 'target';

export class IllegalTransitionError extends FanoutError<'ILLEGAL_TRANSITION'> {
  constructor(
    readonly subject: TransitionSubject,
    readonly from: string,
    readonly to: string,
    allowed: readonly string[],
  ) {
    const allowedText = allowed.length === 0 ? `${from} is final` : `allowed from ${from}: ${allowed.join(', ')}`;
    super('ILLEGAL_TRANSITION', `illegal ${subject} transition ${from} -> ${to} (${allowedText})`, [
      { path: 'state', message: `cannot move a ${subject} from ${from} to ${to}` },
    ]);
  }
}

export function canTransitionDeployment(from: DeploymentState, to: DeploymentState): boolean {
  return deploymentTransitions[from].includes(to);
}

export function canTransitionTarget(from: TargetState, to: TargetState): boolean {
  return targetTransitions[from].includes(to);
}

/** Returns `to` when the move is legal; throws IllegalTransitionError otherwise. The engine persists the result. */
export function transitionDeployment(from: DeploymentState, to: DeploymentState): DeploymentState {
  if (!canTransitionDeployment(from, to))
    throw new IllegalTransitionError('deployment', from, to, deploymentTransitions[from]);
  return to;
}

export function transitionTarget(from: TargetState, to: TargetState): TargetState {
  if (!canTransitionTarget(from, to)) throw new IllegalTransitionError('target', from, to, targetTransitions[from]);
  return to;
}
