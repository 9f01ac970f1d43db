import { setTimeout as sleep } from 'node:timers/promises';
import { CheckRetries } from './check-spec';

/** What a check's attempt found; `final` stops retrying when another attempt cannot help. */
export interface AttemptOutcome {
  passed: boolean;
  /** Why the attempt passed or failed, in a sentence. */
  reason: string;
  final?: boolean;
}

/** An attempt's outcome stamped with its number, its start (ISO-8601) and how long it took. */
export type AttemptRecord<Outcome extends AttemptOutcome> = {
  attempt: number;
  at: string;
  durationMs: number;
} & Omit<Outcome, 'final'>;

/**
 * Runs `attempt` until one passes, one is final, or `retries` more have failed, pausing `intervalSeconds`
 * between them. Each attempt gets a signal that aborts at `timeoutSeconds` or when `signal` aborts; an
 * attempt reports its failures as outcomes rather than rejecting. Rejects with the signal's reason when
 * `signal` aborts; otherwise resolves with every attempt's record, the deciding one last.
 */
export async function runAttempts<Outcome extends AttemptOutcome>(
  limits: CheckRetries,
  signal: AbortSignal,
  attempt: (attemptSignal: AbortSignal) => Promise<Outcome>,
): Promise<AttemptRecord<Outcome>[]> {
  const records: AttemptRecord<Outcome>[] = [];
  for (let number = 1; number <= limits.retries + 1; number += 1) {
    signal.throwIfAborted();
    if (number > 1)
      await sleep(limits.intervalSeconds * 1000, undefined, { signal }).catch(() => signal.throwIfAborted());
    const startedAt = Date.now();
    const attemptSignal = AbortSignal.any([signal, AbortSignal.timeout(limits.timeoutSeconds * 1000)]);
    const { final, ...outcome } = await attempt(attemptSignal);
    signal.throwIfAborted();
    records.push({
      attempt: number,
      at: new Date(startedAt).toISOString(),
      durationMs: Date.now() - startedAt,
      ...outcome,
    });
    if (outcome.passed || final) break;
  }
  return records;
}
