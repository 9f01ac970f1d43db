/** The longest the Job controller waits before replacing a failed pod (its MaxJobPodFailureBackOff). */
export const MAX_JOB_BACKOFF_MS = 10 * 60_000;

/** What the Job controller remembers of one Job's pod failures. */
export interface FailureRecord {
  failed: number;
  succeeded: number;
  failuresAfterLastSuccess: number;
  /** When the controller first saw the latest failure (epoch ms). */
  lastFailureAt: number;
}

/** Folds the Job's current failed and succeeded pod counts into its record; a success resets the streak. */
export function observePods(
  previous: FailureRecord | undefined,
  counts: { failed: number; succeeded: number },
  now: number,
): FailureRecord {
  const before = previous ?? { failed: 0, succeeded: 0, failuresAfterLastSuccess: 0, lastFailureAt: now };
  const newFailures = Math.max(0, counts.failed - before.failed);
  const streak = counts.succeeded > before.succeeded ? 0 : before.failuresAfterLastSuccess;
  return {
    failed: counts.failed,
    succeeded: counts.succeeded,
    failuresAfterLastSuccess: streak + newFailures,
    lastFailureAt: newFailures > 0 ? now : before.lastFailureAt,
  };
}

/**
 * How long until the Job may create a pod again: base * 2^(failures - 1) after the last failure,
 * capped at ten minutes (10 s, 20 s, 40 s, ... on a real cluster); 0 when it may now.
 */
export function remainingBackoffMs(record: FailureRecord, baseMs: number, now: number): number {
  if (record.failuresAfterLastSuccess === 0) return 0;
  const delay = Math.min(baseMs * 2 ** (record.failuresAfterLastSuccess - 1), MAX_JOB_BACKOFF_MS);
  return Math.max(0, record.lastFailureAt + delay - now);
}
