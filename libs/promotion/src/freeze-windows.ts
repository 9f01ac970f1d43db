import { Cron } from 'croner';
import { FieldProblem } from './field-problem';
import { GateResult, gateResult } from './gate-result';

/**
 * deny: the environment is frozen while the window is open. allow: once an environment has any allow window
 * it is frozen outside all of them ("deploy Tuesday to Thursday, 9 to 17"); a deny window still freezes inside
 * an allow window, because deny wins.
 */
export type FreezeEffect = 'deny' | 'allow';

/**
 * A window opening at each time `cron` (five fields, minute precision) fires, read in `timeZone` (IANA), and
 * staying open `durationMinutes` of elapsed time. Daylight-saving changes move the opening with the wall
 * clock; a window spanning the switch is an hour longer or shorter in wall-clock terms, never in real time.
 */
export interface RecurringFreezeWindow {
  kind: 'recurring';
  cron: string;
  timeZone: string;
  durationMinutes: number;
  effect: FreezeEffect;
  name?: string;
}

/** A window open from `from` (inclusive) to `until` (exclusive); strings are ISO-8601 instants. */
export interface OneOffFreezeWindow {
  kind: 'one-off';
  from: Date | string;
  until: Date | string;
  effect: FreezeEffect;
  reason?: string;
}

export type FreezeWindow = RecurringFreezeWindow | OneOffFreezeWindow;

/** A deny window open at the evaluated instant: which one (by its index in the list) and this opening's span. */
export interface ActiveFreeze {
  index: number;
  window: FreezeWindow;
  openedAt: Date;
  closesAt: Date;
}

export interface FreezeState {
  frozen: boolean;
  /** The deny windows open now; empty when the freeze comes only from being outside every allow window. */
  by: ActiveFreeze[];
  /** True when the environment has allow windows and none is open now. */
  outsideAllowWindows: boolean;
  /** When the environment next stops being frozen; absent when not frozen, or when no lift is found within a year (or 1,000 window boundaries). */
  liftsAt?: Date;
}

export interface FreezeEvidence {
  frozen: boolean;
  by: { index: number; label: string; openedAt: string; closesAt: string }[];
  outsideAllowWindows: boolean;
  liftsAt?: string;
  /** How many windows the environment has, so "not frozen" is not mistaken for "no windows were read". */
  windowCount: number;
}

const MINUTES_PER_YEAR = 366 * 24 * 60;
const MS_PER_MINUTE = 60_000;
/** How far ahead a lift is looked for, and the most boundaries visited on the way. */
const LIFT_HORIZON_MS = MINUTES_PER_YEAR * MS_PER_MINUTE;
const LIFT_MAX_STEPS = 1_000;
/** How many upcoming openings decide whether a window ever closes. */
const OVERLAP_SAMPLE = 24;

/**
 * Problems of a list of windows, each naming its field under `field` (`freezeWindows[2].cron`): a cron that
 * does not parse or never fires, a time zone that is not an IANA name, a duration that is not a whole number
 * of minutes between 1 and a year, a one-off instant that does not parse or an `until` not after `from`.
 */
export function validateFreezeWindows(windows: readonly FreezeWindow[], field = 'freezeWindows'): FieldProblem[] {
  return windows.flatMap((window, index) =>
    window.kind === 'recurring'
      ? recurringProblems(window, `${field}[${index}]`)
      : oneOffProblems(window, `${field}[${index}]`),
  );
}

/**
 * Whether windows that passed validateFreezeWindows freeze the environment at `now`, by which deny windows,
 * and when the freeze lifts. Deny wins: an open deny window freezes even inside an allow window.
 */
export function freezeStateAt(windows: readonly FreezeWindow[], now: Date): FreezeState {
  const compiled = windows.map(compileWindow);
  const state = stateAt(compiled, now);
  if (!state.frozen) return state;
  const liftsAt = findLift(compiled, now);
  return liftsAt === undefined ? state : { ...state, liftsAt };
}

/** The freeze as a gate: pending while frozen (it lifts, or an admin overrides it), passed otherwise. */
export function freezeGate(windows: readonly FreezeWindow[], now: Date): GateResult<FreezeEvidence> {
  const state = freezeStateAt(windows, now);
  const evidence: FreezeEvidence = {
    frozen: state.frozen,
    by: state.by.map((active) => ({
      index: active.index,
      label: windowLabel(active.window),
      openedAt: active.openedAt.toISOString(),
      closesAt: active.closesAt.toISOString(),
    })),
    outsideAllowWindows: state.outsideAllowWindows,
    ...(state.liftsAt && { liftsAt: state.liftsAt.toISOString() }),
    windowCount: windows.length,
  };
  return gateResult('freeze', state.frozen ? 'pending' : 'passed', freezeReason(state), evidence, now);
}

/** How a window is named to people: its name or reason, else what it is. */
export function windowLabel(window: FreezeWindow): string {
  if (window.kind === 'recurring')
    return window.name ?? `${window.cron} (${window.timeZone}, ${window.durationMinutes} min)`;
  return window.reason ?? `${instant(window.from).toISOString()} to ${instant(window.until).toISOString()}`;
}

function freezeReason(state: FreezeState): string {
  const until = state.liftsAt ? ` until ${state.liftsAt.toISOString()}` : '';
  if (state.by.length > 0)
    return `frozen by ${state.by.map((active) => `"${windowLabel(active.window)}"`).join(', ')}${until}`;
  if (state.outsideAllowWindows) return `frozen outside the allow windows${until}`;
  return 'no freeze window is in force';
}

function recurringProblems(window: RecurringFreezeWindow, at: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const zoneProblem = timeZoneProblem(window.timeZone);
  if (zoneProblem) problems.push({ field: `${at}.timeZone`, message: zoneProblem });
  const cronProblem = cronExpressionProblem(window.cron, zoneProblem ? 'UTC' : window.timeZone);
  if (cronProblem) problems.push({ field: `${at}.cron`, message: cronProblem });
  const durationProblem = isWholeMinutes(window.durationMinutes)
    ? !zoneProblem && !cronProblem && neverClosesProblem(window)
    : `must be a whole number of minutes from 1 to ${MINUTES_PER_YEAR}`;
  if (durationProblem) problems.push({ field: `${at}.durationMinutes`, message: durationProblem });
  return problems;
}

const isWholeMinutes = (minutes: number): boolean =>
  Number.isInteger(minutes) && minutes >= 1 && minutes <= MINUTES_PER_YEAR;

/**
 * A window that reopens before it closes is always open: a permanent freeze that looks recurring (and that
 * freezeStateAt would walk opening by opening looking for a lift). Judged on the next openings from now.
 */
function neverClosesProblem(window: RecurringFreezeWindow): string | undefined {
  const openings = cronOf(window.cron, window.timeZone).nextRuns(OVERLAP_SAMPLE);
  const gaps = openings
    .slice(1)
    .map((opening, index) => (opening.getTime() - openings[index].getTime()) / MS_PER_MINUTE);
  if (gaps.length === 0 || gaps.some((gap) => gap > window.durationMinutes)) return undefined;
  return `is at least the ${Math.max(...gaps)} minutes between openings, so the window never closes; use a one-off window`;
}

function oneOffProblems(window: OneOffFreezeWindow, at: string): FieldProblem[] {
  const from = instant(window.from);
  const until = instant(window.until);
  const problems: FieldProblem[] = [];
  if (Number.isNaN(from.getTime())) problems.push({ field: `${at}.from`, message: 'must be an ISO-8601 instant' });
  if (Number.isNaN(until.getTime())) problems.push({ field: `${at}.until`, message: 'must be an ISO-8601 instant' });
  else if (until.getTime() <= from.getTime()) problems.push({ field: `${at}.until`, message: 'must be after from' });
  return problems;
}

/** Intl knows every IANA zone (and canonicalises case); offsets such as `+01:00` are refused as not IANA. */
function timeZoneProblem(timeZone: string): string | undefined {
  const refusal = `"${timeZone}" is not an IANA time zone (such as Europe/Berlin or UTC)`;
  if (!/^[A-Za-z]/.test(timeZone)) return refusal;
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return undefined;
  } catch {
    return refusal;
  }
}

function cronExpressionProblem(expression: string, timeZone: string): string | undefined {
  let cron: Cron;
  try {
    cron = cronOf(expression, timeZone);
  } catch (error) {
    // croner's messages name the part that is wrong ("Invalid value for minute: 61"); drop its class prefix.
    const message = error instanceof Error ? error.message.replace(/^Cron\w*: /, '') : String(error);
    return `is not a five-field cron expression: ${message}`;
  }
  return cron.nextRun() === null ? 'never fires' : undefined;
}

function cronOf(expression: string, timeZone: string): Cron {
  // Without a callback croner schedules nothing: the Cron is only a calendar.
  return new Cron(expression, { timezone: timeZone, mode: '5-part' });
}

function instant(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}

/** A window reduced to the two questions the evaluation asks of it. */
interface CompiledWindow {
  index: number;
  window: FreezeWindow;
  /** The opening in force at `at`, if any (the latest to open, which also closes last). */
  openingAt(at: Date): { openedAt: Date; closesAt: Date } | undefined;
  /** The next time the window opens strictly after `after`. */
  nextOpeningAfter(after: Date): Date | undefined;
}

function compileWindow(window: FreezeWindow, index: number): CompiledWindow {
  if (window.kind === 'one-off') {
    const openedAt = instant(window.from);
    const closesAt = instant(window.until);
    return {
      index,
      window,
      openingAt: (at) => (openedAt <= at && at < closesAt ? { openedAt, closesAt } : undefined),
      nextOpeningAfter: (after) => (openedAt > after ? openedAt : undefined),
    };
  }
  const cron = cronOf(window.cron, window.timeZone);
  const durationMs = window.durationMinutes * MS_PER_MINUTE;
  return {
    index,
    window,
    openingAt: (at) => {
      // croner excludes a run exactly at the reference; one millisecond later includes it.
      const [openedAt] = cron.previousRuns(1, new Date(at.getTime() + 1));
      if (openedAt === undefined) return undefined;
      const closesAt = new Date(openedAt.getTime() + durationMs);
      return at < closesAt ? { openedAt, closesAt } : undefined;
    },
    nextOpeningAfter: (after) => cron.nextRun(after) ?? undefined,
  };
}

function stateAt(windows: readonly CompiledWindow[], at: Date): FreezeState {
  const by: ActiveFreeze[] = [];
  let allowWindows = 0;
  let insideAllow = false;
  for (const compiled of windows) {
    const opening = compiled.openingAt(at);
    if (compiled.window.effect === 'allow') {
      allowWindows += 1;
      insideAllow ||= opening !== undefined;
    } else if (opening) by.push({ index: compiled.index, window: compiled.window, ...opening });
  }
  const outsideAllowWindows = allowWindows > 0 && !insideAllow;
  return { frozen: by.length > 0 || outsideAllowWindows, by, outsideAllowWindows };
}

/**
 * Walks forward from boundary to boundary (a deny window closing, an allow window opening) until the
 * environment is no longer frozen; the freeze can only lift at such a boundary.
 */
function findLift(windows: readonly CompiledWindow[], now: Date): Date | undefined {
  const horizon = now.getTime() + LIFT_HORIZON_MS;
  let at = now;
  for (let step = 0; step < LIFT_MAX_STEPS && at.getTime() <= horizon; step += 1) {
    const state = stateAt(windows, at);
    if (!state.frozen) return at;
    const boundaries = state.by.map((active) => active.closesAt.getTime());
    if (state.outsideAllowWindows)
      for (const compiled of windows)
        if (compiled.window.effect === 'allow') boundaries.push(compiled.nextOpeningAfter(at)?.getTime() ?? Infinity);
    const next = Math.min(...boundaries);
    if (!Number.isFinite(next)) return undefined;
    at = new Date(next);
  }
  return undefined;
}
