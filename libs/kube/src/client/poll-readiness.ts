import { evaluateReadiness } from '../readiness/evaluate-readiness';
import { LiveObject, recordAt } from '../readiness/live-object';
import { podFailureOf, templateImagesOf } from '../readiness/pod-failure';
import { Readiness, ReadinessState } from '../readiness/readiness';
import { AppliedObject } from './applied-object';
import { KubeApiError } from './kube-api-error';
import { ObjectRef, refOnly } from './object-ref';

export interface WaitForReadyOptions {
  /** How long this call waits; objects still progressing then are reported so, with `timedOut`. */
  deadlineMs: number;
  /**
   * The longest pause between reads of the objects not yet settled. Default 1000 ms. The first reads come
   * sooner (see {@link pauseBeforeRound}).
   */
  pollIntervalMs?: number;
  /**
   * The control plane's own progress deadline, counted from each object's `appliedAt`: an object still
   * progressing this long after its apply is Failed (reason `ProgressDeadline`), whatever its kind.
   */
  progressDeadlineSeconds?: number;
  signal?: AbortSignal;
  /** Called with every object's readiness whenever one of them changes (and once at the start). */
  onProgress?: (objects: readonly ObjectReadiness[]) => void;
  /**
   * Fail fast instead of waiting for the progress deadline: a workload whose pod of the current template
   * has been in CrashLoopBackOff, ImagePullBackOff or another unrecoverable waiting state for this long
   * is Failed with the kubelet's reason, and a cluster every read of which has failed for this long ends
   * the wait with that failure. Unset: only the deadlines end a wait.
   */
  failFastAfterMs?: number;
  /** Called with each failed read that the wait retries, so the caller can show the latest cause. */
  onReadFailure?: (error: KubeApiError) => void;
}

export interface ObjectReadiness {
  object: ObjectRef;
  readiness: Readiness;
}

export interface ReadinessReport {
  /** Failed when any object failed, Ready when all are, Progressing otherwise (only when timed out). */
  state: ReadinessState;
  /** The deadline passed with objects still progressing. */
  timedOut: boolean;
  objects: ObjectReadiness[];
}

/** Reads one object for a readiness round, cancelled by `signal` (the caller's, or the wait's deadline). */
export type ReadObject = (object: ObjectRef, signal: AbortSignal) => Promise<LiveObject | undefined>;

/** Lists the pods of one namespace matching a label selector (string form), for the fail-fast check. */
export type ReadPods = (namespace: string, labelSelector: string, signal: AbortSignal) => Promise<LiveObject[]>;

const WORKLOAD_KINDS: ReadonlySet<string> = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

const DEFAULT_POLL_INTERVAL_MS = 1000;
const FIRST_PAUSE_MS = 100;

/**
 * The pause before read round `round` (0 first): 100 ms, doubling up to `intervalMs`. A small change
 * (a ConfigMap a Deployment mounts, a new image of a fast-starting service) is often ready within a
 * fraction of a second, and a slow rollout is not read more often than the interval allows.
 */
export function pauseBeforeRound(round: number, intervalMs: number): number {
  return Math.min(intervalMs, FIRST_PAUSE_MS * 2 ** Math.min(round, 30));
}

/** A read the wait's own deadline cut short: no news about the object, not a failure of the cluster. */
const CUT_OFF = Symbol('cut off by the deadline');

/**
 * Polls the unsettled objects until every one is Ready, any one is Failed, or the deadline passes; reads
 * still in flight at the deadline are cancelled, so the wait ends on time. Readiness is always judged
 * against the generation the apply returned. A retryable read failure is tried again on the next round;
 * if an unsettled object's latest read failed when the deadline comes, the wait rejects with that error,
 * since the object's state is unknown rather than progressing.
 */
export async function pollReadiness(
  applied: readonly AppliedObject[],
  read: ReadObject,
  options: WaitForReadyOptions,
  aborted: () => KubeApiError,
  readPods?: ReadPods,
): Promise<ReadinessReport> {
  const interval = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const deadline = new AbortController();
  const deadlineTimer = setTimeout(() => deadline.abort(), options.deadlineMs);
  const signal = options.signal === undefined ? deadline.signal : AbortSignal.any([options.signal, deadline.signal]);
  const current: ObjectReadiness[] = applied.map((object) => ({
    object: refOnly(object),
    readiness: object.readinessAtApply,
  }));
  const failures: (KubeApiError | undefined)[] = applied.map(() => undefined);
  let failingSince: number | undefined;
  options.onProgress?.(snapshotOf(current));
  try {
    for (let round = 0; !isSettled(current); round++) {
      await sleep(pauseBeforeRound(round, interval), signal);
      if (options.signal?.aborted) throw aborted();
      if (deadline.signal.aborted) break;
      const pending = applied.flatMap((_object, index) =>
        current[index].readiness.state === 'Progressing' ? [index] : [],
      );
      const rounds = await Promise.all(
        pending.map((index) => readOnce(applied[index], read, signal, options, readPods)),
      );
      if (options.signal?.aborted) throw aborted();
      let changed = false;
      rounds.forEach((round, position) => {
        const index = pending[position];
        if (round === CUT_OFF) return;
        if (round instanceof KubeApiError) {
          failures[index] = round;
          options.onReadFailure?.(round);
          return;
        }
        failures[index] = undefined;
        if (!sameReadiness(current[index].readiness, round)) changed = true;
        current[index] = { object: current[index].object, readiness: round };
      });
      if (changed) options.onProgress?.(snapshotOf(current));
      if (deadline.signal.aborted) break;
      const lastFailure = everyReadFailed(rounds);
      failingSince = lastFailure === undefined ? undefined : (failingSince ?? Date.now());
      if (lastFailure !== undefined && failedForTooLong(failingSince, options)) throw lastFailure;
    }
  } finally {
    clearTimeout(deadlineTimer);
  }
  if (isSettled(current)) return reportOf(current, false);
  const failure = failures.find(
    (error, index) => error !== undefined && current[index].readiness.state === 'Progressing',
  );
  if (failure !== undefined) throw failure;
  return reportOf(current, true);
}

async function readOnce(
  object: AppliedObject,
  read: ReadObject,
  signal: AbortSignal,
  options: WaitForReadyOptions,
  readPods: ReadPods | undefined,
): Promise<Readiness | KubeApiError | typeof CUT_OFF> {
  try {
    const live = await read(object, signal);
    const readiness = evaluate(object, live, options);
    if (readiness.state !== 'Progressing' || live === undefined || readPods === undefined) return readiness;
    return (await podFailure(object, live, readPods, signal, options)) ?? readiness;
  } catch (error) {
    if (error instanceof KubeApiError && error.code === 'Aborted' && !options.signal?.aborted) return CUT_OFF;
    if (error instanceof KubeApiError && error.retryable) return error;
    throw error;
  }
}

function evaluate(object: AppliedObject, live: LiveObject | undefined, options: WaitForReadyOptions): Readiness {
  return evaluateReadiness(live, {
    appliedGeneration: object.generation ?? 0,
    appliedAt: object.appliedAt,
    now: Date.now(),
    ...(options.progressDeadlineSeconds === undefined
      ? {}
      : { progressDeadlineSeconds: options.progressDeadlineSeconds }),
  });
}

/**
 * A progressing workload's failing pod, looked for only once the workload is older than the fail-fast
 * threshold: no pod of it can have failed for longer before then, so a rollout that becomes ready in
 * time costs no extra request.
 */
async function podFailure(
  object: AppliedObject,
  live: LiveObject,
  readPods: ReadPods,
  signal: AbortSignal,
  options: WaitForReadyOptions,
): Promise<Readiness | undefined> {
  const afterMs = options.failFastAfterMs;
  const now = Date.now();
  if (afterMs === undefined || !WORKLOAD_KINDS.has(live.kind ?? object.kind) || now - object.appliedAt < afterMs)
    return undefined;
  const selector = selectorOf(live);
  const namespace = live.metadata?.namespace ?? object.namespace;
  if (selector === undefined || namespace === undefined) return undefined;
  const pods = await readPods(namespace, selector, signal);
  return podFailureOf(pods, { templateImages: templateImagesOf(live), afterMs, now });
}

/** The workload's `spec.selector` in the string form a list request takes; undefined when it has none. */
export function selectorOf(live: LiveObject): string | undefined {
  const selector = recordAt(live.spec, 'selector');
  const terms: string[] = [];
  for (const [key, value] of Object.entries(recordAt(selector, 'matchLabels') ?? {}))
    if (typeof value === 'string') terms.push(`${key}=${value}`);
  const expressions = selector?.['matchExpressions'];
  for (const expression of Array.isArray(expressions) ? expressions : []) {
    const term = expressionTerm(expression);
    if (term === undefined) return undefined;
    terms.push(term);
  }
  return terms.length > 0 ? terms.join(',') : undefined;
}

function expressionTerm(expression: unknown): string | undefined {
  if (typeof expression !== 'object' || expression === null) return undefined;
  const { key, operator, values } = expression as { key?: unknown; operator?: unknown; values?: unknown };
  if (typeof key !== 'string') return undefined;
  const list = Array.isArray(values) ? values.filter((value) => typeof value === 'string').join(',') : '';
  switch (operator) {
    case 'In':
      return `${key} in (${list})`;
    case 'NotIn':
      return `${key} notin (${list})`;
    case 'Exists':
      return key;
    case 'DoesNotExist':
      return `!${key}`;
    default:
      return undefined;
  }
}

/** The last failure of a round in which every read failed; undefined when any read got through. */
function everyReadFailed(rounds: ReadonlyArray<Readiness | KubeApiError | typeof CUT_OFF>): KubeApiError | undefined {
  const failures = rounds.filter((round): round is KubeApiError => round instanceof KubeApiError);
  return failures.length > 0 && failures.length === rounds.length ? failures[failures.length - 1] : undefined;
}

function failedForTooLong(since: number | undefined, options: WaitForReadyOptions): boolean {
  return since !== undefined && options.failFastAfterMs !== undefined && Date.now() - since >= options.failFastAfterMs;
}

function isSettled(objects: readonly ObjectReadiness[]): boolean {
  return (
    objects.some(({ readiness }) => readiness.state === 'Failed') ||
    objects.every(({ readiness }) => readiness.state === 'Ready')
  );
}

function reportOf(objects: ObjectReadiness[], timedOut: boolean): ReadinessReport {
  const states = new Set(objects.map(({ readiness }) => readiness.state));
  const state: ReadinessState = states.has('Failed') ? 'Failed' : states.has('Progressing') ? 'Progressing' : 'Ready';
  return { state, timedOut, objects: snapshotOf(objects) };
}

function snapshotOf(objects: readonly ObjectReadiness[]): ObjectReadiness[] {
  return objects.map((entry) => ({ ...entry }));
}

function sameReadiness(left: Readiness, right: Readiness): boolean {
  return left.state === right.state && left.reason === right.reason && left.message === right.message;
}

/** Resolves after `ms`, or at once when the signal fires (the caller checks which). */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
