/**
 * Keeps a target's `lastError` on the latest cause while the engine retries, writing only when the cause
 * changes (a cluster down for minutes is one write, not one per read), one write at a time and in order,
 * so a late write never lands after the transition that ends the wait.
 */
export class LatestCause {
  private shown: string | undefined;
  private writes: Promise<unknown> = Promise.resolve();

  constructor(private readonly write: (message: string) => Promise<unknown>) {}

  show(message: string): void {
    if (message === this.shown) return;
    this.shown = message;
    this.writes = this.writes.then(() => this.write(message)).catch(() => undefined);
  }

  /** Resolves once every write asked for so far is done (or failed: a lost cause is no reason to stop). */
  settled(): Promise<unknown> {
    return this.writes;
  }
}
