/** Raised as the work's abort reason when a heartbeat finds the lease held by another replica. */
export class LeaseLostError extends Error {
  constructor(lease: string) {
    super(`the lease ${lease} was lost to another replica`);
  }
}

export interface Heartbeat {
  /** Names the lease in the abort reason. */
  lease: string;
  /** Renews the lease; resolves false when another holder has it now. */
  renew(): Promise<boolean>;
  everyMs: number;
  /** A renewal that failed (the database, not the lease): the work goes on and the next beat tries again. */
  onError(error: unknown): void;
}

/**
 * Runs `work` while renewing its lease every `heartbeat.everyMs`, and settles as the work does. The
 * work's signal aborts when `stopping` does and when a renewal finds the lease lost (reason: a
 * {@link LeaseLostError}): the work then no longer owns what the lease guards and should end soon.
 * Releasing the lease is the caller's part.
 */
export async function withHeartbeat<T>(
  heartbeat: Heartbeat,
  stopping: AbortSignal,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const lost = new AbortController();
  const timer = setInterval(() => {
    heartbeat.renew().then(
      (held) => held || lost.abort(new LeaseLostError(heartbeat.lease)),
      (error: unknown) => heartbeat.onError(error),
    );
  }, heartbeat.everyMs);
  try {
    return await work(AbortSignal.any([stopping, lost.signal]));
  } finally {
    clearInterval(timer);
  }
}
