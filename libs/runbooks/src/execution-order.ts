import { CompensationStep, ParallelGroup, RunbookDefinition, Step, isParallelGroup, onFailureOf } from './definition';
import type { StepState } from './execution-states';
import { ReferenceContext, evaluateCondition } from './interpolate';

/** One top-level entry: a step, or a group whose steps start together. Stages run one after another. */
export type Stage =
  | { kind: 'step'; index: number; name: string; steps: [Step] }
  | { kind: 'group'; index: number; name: string; steps: Step[]; group: ParallelGroup };

/** Graceful runs every step; ungraceful skips the steps marked `ungraceful: skip`. */
export type RunMode = 'graceful' | 'ungraceful';

/** What the executor knows of a run when it asks what to do next. */
export interface ExecutionProgress {
  mode: RunMode;
  /** Steps an operator switched to ungraceful in a graceful run. */
  ungracefulSteps?: readonly string[];
  /** By step name; a step not listed has not started. */
  stepStates: Readonly<Record<string, StepState>>;
  /** Inputs and the outputs recorded so far, for conditions. */
  context: ReferenceContext;
}

export type SkipReason = 'condition' | 'ungraceful';

/** A compensation to run, and the step whose effects it undoes. */
export interface CompensationRun {
  compensates: string;
  step: CompensationStep;
}

/**
 * What the executor does next. `start` may list steps to skip as well as to start (either may be empty,
 * not both); after recording them it asks again. `wait`: steps are running or awaiting approval.
 * `pause`: a step failed under onFailure abort, so the run waits (PausedByFailedStep) for an operator to
 * retry or skip it. `compensate`: a step failed under onFailure compensate; run `compensations` in order,
 * then the run is Failed. `finish`: every stage is done; exceptions name the steps that failed under
 * onFailure continue.
 */
export type NextAction =
  | { kind: 'start'; start: Step[]; skip: Array<{ step: Step; reason: SkipReason }> }
  | { kind: 'wait' }
  | { kind: 'pause'; failed: Step }
  | { kind: 'compensate'; failed: Step; compensations: CompensationRun[] }
  | { kind: 'finish'; state: 'Completed' | 'CompletedWithExceptions'; exceptions: string[] };

/** The runbook's entries as stages, in order. */
export function stagesOf(runbook: RunbookDefinition): Stage[] {
  return runbook.spec.steps.map((entry, index) =>
    isParallelGroup(entry)
      ? { kind: 'group', index, name: entry.name, steps: entry.parallel, group: entry }
      : { kind: 'step', index, name: entry.name, steps: [entry] },
  );
}

/**
 * The next action of a run, from the definition and the step states so far. Stages run in order: a stage
 * starts when every step of the one before is Completed, Skipped, Cancelled or Failed under onFailure
 * continue. A failure under abort or compensate is acted on once the failed step's group has settled, so
 * no sibling is left running. Conditions are judged when their stage starts, against outputs recorded by then.
 */
export function nextAction(runbook: RunbookDefinition, progress: ExecutionProgress): NextAction {
  const exceptions: string[] = [];
  for (const stage of stagesOf(runbook)) {
    const states = stage.steps.map((step) => ({ step, state: stateOf(progress, step) }));
    const inFlight = states.some(({ state }) => state === 'Running' || state === 'AwaitingApproval');
    const failed = states.filter(({ state }) => state === 'Failed').map(({ step }) => step);
    const stopping = failed.find((step) => onFailureOf(step) !== 'continue');
    const notStarted = states.filter(({ state }) => state === 'NotStarted').map(({ step }) => step);
    if (stopping !== undefined && !inFlight) return stopFor(runbook, progress, stopping);
    if (stopping === undefined && notStarted.length > 0) return startOrSkip(notStarted, progress);
    if (inFlight || stopping !== undefined) return { kind: 'wait' };
    exceptions.push(...failed.map((step) => step.name));
  }
  return exceptions.length === 0
    ? { kind: 'finish', state: 'Completed', exceptions }
    : { kind: 'finish', state: 'CompletedWithExceptions', exceptions };
}

/**
 * The compensations to run after `failed` failed under onFailure compensate: its own first (it may have
 * half-done its change), then those of the steps that completed, latest first; each step's own list in
 * the order written. In an ungraceful run, compensations marked `ungraceful: skip` are left out.
 */
export function compensationPlan(
  runbook: RunbookDefinition,
  progress: Pick<ExecutionProgress, 'stepStates' | 'mode' | 'ungracefulSteps'>,
  failed: Step,
): CompensationRun[] {
  const completed = stagesOf(runbook)
    .flatMap((stage) => stage.steps)
    .filter((step) => step.name !== failed.name && stateOf(progress, step) === 'Completed')
    .reverse();
  return [failed, ...completed].flatMap((step) =>
    (step.compensate ?? [])
      .filter((compensation) => !skippedAsUngraceful(compensation, progress, step.name))
      .map((compensation) => ({ compensates: step.name, step: compensation })),
  );
}

function stopFor(runbook: RunbookDefinition, progress: ExecutionProgress, failed: Step): NextAction {
  if (onFailureOf(failed) === 'abort') return { kind: 'pause', failed };
  return { kind: 'compensate', failed, compensations: compensationPlan(runbook, progress, failed) };
}

function startOrSkip(steps: Step[], progress: ExecutionProgress): NextAction {
  const start: Step[] = [];
  const skip: Array<{ step: Step; reason: SkipReason }> = [];
  for (const step of steps) {
    if (skippedAsUngraceful(step, progress)) skip.push({ step, reason: 'ungraceful' });
    else if (step.condition !== undefined && !evaluateCondition(step.condition, progress.context))
      skip.push({ step, reason: 'condition' });
    else start.push(step);
  }
  return { kind: 'start', start, skip };
}

/** Whether a step (or a compensation of `owner`) is skipped because the run, or that step, is ungraceful. */
function skippedAsUngraceful(
  step: Step | CompensationStep,
  progress: Pick<ExecutionProgress, 'mode' | 'ungracefulSteps'>,
  owner = step.name,
): boolean {
  const ungraceful = progress.mode === 'ungraceful' || (progress.ungracefulSteps ?? []).includes(owner);
  return ungraceful && step.ungraceful === 'skip';
}

function stateOf(progress: Pick<ExecutionProgress, 'stepStates'>, step: Step): StepState {
  return progress.stepStates[step.name] ?? 'NotStarted';
}
