import { ExponentialBackoff, handleWhen, retry } from 'cockatiel';
import { ProviderError } from './errors';

/**
 * How cloud calls are retried. Any cockatiel policy fits; tests inject one with tiny delays.
 * The function receives a signal that aborts when the caller's signal does.
 */
export interface ProviderRetryPolicy {
  execute<T>(fn: (context: { signal: AbortSignal }) => PromiseLike<T>, signal?: AbortSignal): Promise<T>;
}

export interface BackoffSettings {
  /** Attempts after the first one. */
  maxRetries: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffSettings = { maxRetries: 4, initialDelayMs: 250, maxDelayMs: 8_000 };

/**
 * Retries translated errors that say "try again later" (`Throttled`, `CloudUnavailable`) with
 * exponential backoff and decorrelated jitter, so many clients throttled together spread out.
 */
export function retryTransientFailures(settings: BackoffSettings = DEFAULT_BACKOFF): ProviderRetryPolicy {
  return retry(
    handleWhen((error) => error instanceof ProviderError && error.retryable),
    {
      maxAttempts: settings.maxRetries,
      backoff: new ExponentialBackoff({ initialDelay: settings.initialDelayMs, maxDelay: settings.maxDelayMs }),
    },
  );
}
