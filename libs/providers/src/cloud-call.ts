import { ProviderError } from './errors';
import { ProviderRetryPolicy } from './retry';

/** Turns whatever a vendor SDK threw into a {@link ProviderError}. */
export type ErrorTranslator = (error: unknown) => ProviderError;

/**
 * Runs one cloud call under the retry policy, translating vendor errors before the policy sees
 * them so that it decides on domain codes. An abort from the caller's signal is passed through
 * untranslated: it is the caller's own decision, not a cloud failure.
 */
export function callCloud<T>(
  retryPolicy: ProviderRetryPolicy,
  translate: ErrorTranslator,
  call: (signal: AbortSignal) => PromiseLike<T>,
  signal?: AbortSignal,
): Promise<T> {
  return retryPolicy.execute(async (context) => {
    try {
      return await call(context.signal);
    } catch (error) {
      if (context.signal.aborted) throw context.signal.reason;
      throw error instanceof ProviderError ? error : translate(error);
    }
  }, signal);
}
