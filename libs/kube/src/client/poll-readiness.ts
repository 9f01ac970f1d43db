import { evaluateReadiness } from '../readiness/evaluate-readiness';
import { LiveObject } from '../readiness/live-object';
import { Readiness, ReadinessState } from '../readiness/readiness';
import { AppliedObject } from './applied-object';
import { KubeApiError } from './kube-api-error';
import { ObjectRef, refOnly } from './object-ref';

export interface WaitForReadyOptions {
  /** How long this call waits; objects still progressing then are reported so, with `timedOut`. */
  deadlineMs: number;
  /** Pause between reads of the objects not yet settled. Default 1000 ms. */
  pollIntervalMs?: number;
  /**
   * The control plane's own progress deadline, counted from each object's `appliedAt`: an object still
   * progressing this long after its apply is Failed (reason `ProgressDeadline`), whatever its kind.
   */
  progressDeadlineSeconds?: number;
  signal?: AbortSignal;
  /** Called with every object's readiness whenever one of them changes (and once at the start). */
  onProgress?: (objects: readonly ObjectReadiness[]) => void;
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

/** Reads one object for a readiness round; `remainingMs` bounds the request so the wait keeps its deadline. */
export type ReadObject = (object: ObjectRef, remainingMs: number) => Promise<LiveObject | undefined>;

const DEFAULT_POLL_INTERVAL_MS = 1000;

/**
 * Polls the unsettled objects until every one is Ready, any one is Failed, or the deadline passes.
 * Readiness is always judged against the generation the apply returned. A retryable read failure is
 * tried again on the next round; if the last round before the deadline still failed, the wait rejects
 * with that error, since the objects' state is unknown rather than progressing.
 */
export async function pollReadiness(
  applied: readonly AppliedObject[],
  read: ReadObject,
  options: WaitForReadyOptions,
  aborted: () => KubeApiError,
): Promise<ReadinessReport> {
  const deadline = Date.now() + options.deadlineMs;
  const interval = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const current: ObjectReadiness[] = applied.map((object) => ({
    object: refOnly(object),
    readiness: object.readinessAtApply,
  }));
  options.onProgress?.(snapshotOf(current));
  let failures: KubeApiError[] = [];
  for (;;) {
    if (isSettled(current)) return reportOf(current, false);
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      if (failures.length > 0) throw failures[0];
      return reportOf(current, true);
    }
    await sleep(Math.min(interval, remaining), options.signal, aborted);
    const pending = applied.flatMap((_object, index) =>
      current[index].readiness.state === 'Progressing' ? [index] : [],
    );
    const rounds = await Promise.all(
      pending.map((index) => readOnce(applied[index], read, Math.max(1, deadline - Date.now()), options)),
    );
    failures = rounds.flatMap((round) => (round instanceof KubeApiError ? [round] : []));
    let changed = false;
    rounds.forEach((round, position) => {
      if (round instanceof KubeApiError) return;
      const index = pending[position];
      if (!sameReadiness(current[index].readiness, round)) changed = true;
      current[index] = { object: current[index].object, readiness: round };
    });
    if (changed) options.onProgress?.(snapshotOf(current));
  }
}

async function readOnce(
  object: AppliedObject,
  read: ReadObject,
  remainingMs: number,
  options: WaitForReadyOptions,
): Promise<Readiness | KubeApiError> {
  let live: LiveObject | undefined;
  try {
    live = await read(object, remainingMs);
  } catch (error) {
    if (error instanceof KubeApiError && error.retryable) return error;
    throw error;
  }
  return evaluateReadiness(live, {
    appliedGeneration: object.generation ?? 0,
    appliedAt: object.appliedAt,
    now: Date.now(),
    ...(options.progressDeadlineSeconds === undefined
      ? {}
      : { progressDeadlineSeconds: options.progressDeadlineSeconds }),
  });
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

function sleep(ms: number, signal: AbortSignal | undefined, aborted: () => KubeApiError): Promise<void> {
  if (signal?.aborted) return Promise.reject(aborted());
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(aborted());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
