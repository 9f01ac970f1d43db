import { RunbookError } from './runbooks.errors';

const activeExecution = ['Pending', 'Running', 'AwaitingApproval', 'PausedByOperator', 'PausedByFailedStep'] as const;
const terminalExecution = ['TimedOut', 'Completed', 'CompletedWithExceptions', 'Cancelled', 'Failed'] as const;

/**
 * Execution states. A restart of the control plane is not a transition: an executor that finds an
 * execution Running resumes it where it was (its steps are idempotent), and never marks it Failed.
 */
export type ExecutionState = (typeof activeExecution)[number] | (typeof terminalExecution)[number];

/** States an execution still moves in: the executor drives it, or it waits on a person. */
export const activeExecutionStates: readonly ExecutionState[] = activeExecution;
/** States an execution never leaves. */
export const terminalExecutionStates: readonly ExecutionState[] = terminalExecution;
/** Every execution state, the active ones first. */
export const executionStates: readonly ExecutionState[] = [...activeExecution, ...terminalExecution];

const activeStep = ['NotStarted', 'Running', 'AwaitingApproval', 'Failed'] as const;
const terminalStep = ['Completed', 'Skipped', 'Cancelled'] as const;

/**
 * Step states. A step's automatic retries happen inside Running; Failed means they are spent, and it stays
 * open: an operator may retry it (Running again) or skip it.
 */
export type StepState = (typeof activeStep)[number] | (typeof terminalStep)[number];

export const activeStepStates: readonly StepState[] = activeStep;
export const terminalStepStates: readonly StepState[] = terminalStep;
export const stepStates: readonly StepState[] = [...activeStep, ...terminalStep];

const executionTransitions: Readonly<Record<ExecutionState, readonly ExecutionState[]>> = {
  Pending: ['Running', 'Cancelled'],
  // Failed only once a failed step's compensations have run (or one of them failed); a step failing under
  // onFailure abort pauses the run instead, so it can be retried from where it failed.
  Running: [
    'AwaitingApproval',
    'PausedByOperator',
    'PausedByFailedStep',
    'TimedOut',
    'Completed',
    'CompletedWithExceptions',
    'Cancelled',
    'Failed',
  ],
  // Approved or declined, the run goes on (the declined step fails under its own policy); unanswered, it times out.
  AwaitingApproval: ['Running', 'PausedByOperator', 'TimedOut', 'Cancelled'],
  PausedByOperator: ['Running', 'Cancelled'],
  // Retrying or skipping the failed step resumes the run.
  PausedByFailedStep: ['Running', 'Cancelled'],
  TimedOut: [],
  Completed: [],
  CompletedWithExceptions: [],
  Cancelled: [],
  Failed: [],
};

const stepTransitions: Readonly<Record<StepState, readonly StepState[]>> = {
  // Skipped: its condition is false, it is `ungraceful: skip` in an ungraceful run, or an operator skipped it.
  NotStarted: ['Running', 'Skipped', 'Cancelled'],
  Running: ['AwaitingApproval', 'Completed', 'Failed', 'Cancelled'],
  // Declined or unanswered in time, an approval step fails.
  AwaitingApproval: ['Completed', 'Failed', 'Cancelled'],
  Failed: ['Running', 'Skipped'],
  Completed: [],
  Skipped: [],
  Cancelled: [],
};

export type TransitionSubject = 'execution' | 'step';

/** A state change the machine does not allow; `field` is `state`, for a 409 naming what is allowed. */
export class IllegalTransitionError extends RunbookError {
  constructor(
    readonly subject: TransitionSubject,
    readonly from: string,
    readonly to: string,
    allowed: readonly string[],
  ) {
    const allowedText = allowed.length === 0 ? `${from} is final` : `allowed from ${from}: ${allowed.join(', ')}`;
    super('ILLEGAL_TRANSITION', `cannot move a runbook ${subject} from ${from} to ${to} (${allowedText})`, 'state');
  }
}

export function canTransitionExecution(from: ExecutionState, to: ExecutionState): boolean {
  return executionTransitions[from].includes(to);
}

export function canTransitionStep(from: StepState, to: StepState): boolean {
  return stepTransitions[from].includes(to);
}

/** Returns `to` when the move is legal; throws IllegalTransitionError otherwise. The only way to change an execution's state. */
export function transitionExecution(from: ExecutionState, to: ExecutionState): ExecutionState {
  if (!canTransitionExecution(from, to))
    throw new IllegalTransitionError('execution', from, to, executionTransitions[from]);
  return to;
}

/** Returns `to` when the move is legal; throws IllegalTransitionError otherwise. The only way to change a step's state. */
export function transitionStep(from: StepState, to: StepState): StepState {
  if (!canTransitionStep(from, to)) throw new IllegalTransitionError('step', from, to, stepTransitions[from]);
  return to;
}
