import { KubeApiError } from '@fleetplane/kube';
import { ExponentialBackoff, handleWhen, retry } from 'cockatiel';

export interface KubeRetrySettings {
  /** Tries in all, the first one included. */
  attempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

/** How the applier retries a cluster's calls: three tries, about half a second apart, then a second. */
export const APPLY_RETRIES: KubeRetrySettings = { attempts: 3, initialDelayMs: 500, maxDelayMs: 4_000 };

/**
 * Runs `call`, again after a retryable {@link KubeApiError} (an outage, throttling, a 5xx) up to
 * `settings.attempts` tries in all, pausing with exponential backoff and decorrelated jitter so targets
 * throttled together spread out. Every other error, and the last try's, rejects at once; so does an
 * aborted `signal` (no further try). Each failed try is handed to `record` (its 1-based number and its
 * error) before the pause; the next try waits for the record, and a record that fails ends the retries
 * with its own error.
 */
export async function withKubeRetries<T>(
  call: () => Promise<T>,
  record: (attempt: number, error: unknown) => Promise<void>,
  signal: AbortSignal,
  settings: KubeRetrySettings = APPLY_RETRIES,
): Promise<T> {
  const policy = retry(handleWhen(isRetryable), {
    maxAttempts: settings.attempts - 1,
    backoff: new ExponentialBackoff({ initialDelay: settings.initialDelayMs, maxDelay: settings.maxDelayMs }),
  });
  let recorded = Promise.resolve();
  const listener = policy.onRetry((failure) => {
    recorded = record(failure.attempt, 'error' in failure ? failure.error : failure.value);
    // Awaited by the next try; until then a failed record must not count as an unhandled rejection.
    recorded.catch(() => undefined);
  });
  try {
    return await policy.execute(async () => {
      await recorded;
      return call();
    }, signal);
  } finally {
    listener.dispose();
  }
}

function isRetryable(error: unknown): boolean {
  return error instanceof KubeApiError ? error.retryable : false;
}
