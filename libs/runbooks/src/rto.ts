import type { RunbookDefinition, StepType } from './definition';
import type { EventEntry } from './event-chain';
import { listSteps } from './runbook-steps';

/** Where the time of a run went. Parallel steps overlap, so each instant counts once: actions first, then approvals, then waits. */
export interface RtoBreakdown {
  actionsSeconds: number;
  approvalsSeconds: number;
  waitsSeconds: number;
  /** Nothing ran: operator pauses, a failed step waiting for a retry, the executor between steps. */
  otherSeconds: number;
}

export type RtoVerdict =
  | { status: 'met'; objectiveSeconds: number; marginSeconds: number }
  | { status: 'missed'; objectiveSeconds: number; bySeconds: number }
  /** Health is not green again yet (or never was recorded), so recovery has no end to measure. */
  | { status: 'unknown'; objectiveSeconds: number };

export interface RtoReport {
  /** Outage observed -> trigger; absent when no outage was observed (a manual run or a drill). */
  detectionSeconds?: number;
  /** Trigger -> the end of the last step; absent before the trigger or the first finished step. */
  executionSeconds?: number;
  /** The execution's time, split; sums to executionSeconds. */
  breakdown: RtoBreakdown;
  /** Outage observed (or the trigger) -> health green again; absent while it is not. */
  recoverySeconds?: number;
  /** recoverySeconds against the runbook's objective, when it has one. */
  objective?: RtoVerdict;
}

type Category = 'action' | 'approval' | 'wait';
const STEP_ENDS = new Set(['step-completed', 'step-failed', 'step-skipped', 'compensation-completed']);
const STEP_STARTS = new Set(['step-started', 'compensation-started']);

/**
 * The recovery times of one execution, from its events (in log order) and its definition (for the type of
 * each step). Pure: the same log always gives the same report.
 */
export function measureRto(runbook: RunbookDefinition, events: readonly EventEntry[]): RtoReport {
  const time = (kind: EventEntry['kind']) => first(events, kind);
  const observed = time('outage-observed');
  const triggered = time('triggered');
  // Green before the trigger is a flap the run did not answer; recovery ends at the first green after it.
  const green = first(events, 'health-green', triggered ?? observed);
  const lastStepEnd = last(events.filter((event) => STEP_ENDS.has(event.kind)));
  const start = observed ?? triggered;
  const report: RtoReport = {
    ...(observed !== undefined && triggered !== undefined ? { detectionSeconds: seconds(triggered - observed) } : {}),
    breakdown: { actionsSeconds: 0, approvalsSeconds: 0, waitsSeconds: 0, otherSeconds: 0 },
    ...(start !== undefined && green !== undefined ? { recoverySeconds: seconds(green - start) } : {}),
  };
  if (triggered !== undefined && lastStepEnd !== undefined && lastStepEnd >= triggered) {
    report.executionSeconds = seconds(lastStepEnd - triggered);
    report.breakdown = breakdown(stepIntervals(runbook, events), triggered, lastStepEnd);
  }
  const objectiveSeconds = runbook.spec.rto?.objectiveSeconds;
  if (objectiveSeconds !== undefined) report.objective = verdict(objectiveSeconds, report.recoverySeconds);
  return report;
}

function verdict(objectiveSeconds: number, recoverySeconds: number | undefined): RtoVerdict {
  if (recoverySeconds === undefined) return { status: 'unknown', objectiveSeconds };
  return recoverySeconds <= objectiveSeconds
    ? { status: 'met', objectiveSeconds, marginSeconds: seconds((objectiveSeconds - recoverySeconds) * 1000) }
    : { status: 'missed', objectiveSeconds, bySeconds: seconds((recoverySeconds - objectiveSeconds) * 1000) };
}

interface Interval {
  category: Category;
  from: number;
  to: number;
}

/** Each run of a step (a retry is a new run), from its start to its end event; a step never ended has none. */
function stepIntervals(runbook: RunbookDefinition, events: readonly EventEntry[]): Interval[] {
  const types = new Map(listSteps(runbook).map(({ step }) => [step.name, step.type]));
  const open = new Map<string, number>();
  const intervals: Interval[] = [];
  for (const event of events) {
    if (event.step === undefined) continue;
    const at = Date.parse(event.at);
    if (STEP_STARTS.has(event.kind)) open.set(event.step, at);
    const started = open.get(event.step);
    if (!STEP_ENDS.has(event.kind) || started === undefined) continue;
    intervals.push({ category: categoryOf(types.get(event.step)), from: started, to: at });
    open.delete(event.step);
  }
  return intervals;
}

function categoryOf(type: StepType | undefined): Category {
  return type === 'approval' ? 'approval' : type === 'wait' ? 'wait' : 'action';
}

/** Splits [from, to] into elementary segments and gives each the first category running through it. */
function breakdown(intervals: readonly Interval[], from: number, to: number): RtoBreakdown {
  const points = [...new Set([from, to, ...intervals.flatMap((interval) => [interval.from, interval.to])])]
    .filter((point) => point >= from && point <= to)
    .sort((a, b) => a - b);
  const totals = { action: 0, approval: 0, wait: 0, other: 0 };
  for (let index = 0; index + 1 < points.length; index++) {
    const [start, end] = [points[index], points[index + 1]];
    const running = intervals.filter((interval) => interval.from <= start && interval.to >= end);
    const category = (['action', 'approval', 'wait'] as const).find((kind) =>
      running.some((interval) => interval.category === kind),
    );
    totals[category ?? 'other'] += end - start;
  }
  return {
    actionsSeconds: seconds(totals.action),
    approvalsSeconds: seconds(totals.approval),
    waitsSeconds: seconds(totals.wait),
    otherSeconds: seconds(totals.other),
  };
}

function first(events: readonly EventEntry[], kind: EventEntry['kind'], notBefore = -Infinity): number | undefined {
  const found = events.find((event) => event.kind === kind && Date.parse(event.at) >= notBefore);
  return found === undefined ? undefined : Date.parse(found.at);
}

function last(events: readonly EventEntry[]): number | undefined {
  return events.length === 0 ? undefined : Math.max(...events.map((event) => Date.parse(event.at)));
}

/** Milliseconds as seconds, to the millisecond. */
function seconds(milliseconds: number): number {
  return Math.round(milliseconds) / 1000;
}
