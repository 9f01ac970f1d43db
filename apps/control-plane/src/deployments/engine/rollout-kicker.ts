import { Injectable } from '@nestjs/common';

/** Wakes the rollout driver of this replica at once (a new deployment, an approval) instead of at its next poll. */
@Injectable()
export class RolloutKicker {
  private waiters = new Set<() => void>();

  kick(): void {
    const waiters = this.waiters;
    this.waiters = new Set();
    for (const wake of waiters) wake();
  }

  /** Resolves at the next kick, after `ms`, or when `signal` fires, whichever comes first. */
  wait(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      this.waiters.add(done);
    });
  }
}
