/**
 * Wakes whoever waits at once instead of at the end of their wait: a loop that sleeps between rounds, a
 * follower that polls. A wait never rejects; it ends at the first of a wake, its time, or its signal.
 */
export class Wakeup {
  private waiters = new Set<() => void>();

  /** How many waits are pending. */
  get waiting(): number {
    return this.waiters.size;
  }

  /** Ends every pending wait; a wait that starts afterwards waits for the next wake. */
  wake(): void {
    const waiters = this.waiters;
    this.waiters = new Set();
    for (const wake of waiters) wake();
  }

  /** Resolves at the next wake, after `ms`, or when `signal` fires, whichever comes first. */
  wait(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
      this.waiters.add(done);
    });
  }
}

/** One {@link Wakeup} per key (a deployment id, say), kept only while someone waits on it. */
export class KeyedWakeups<Key> {
  private readonly byKey = new Map<Key, Wakeup>();

  /** How many keys have a pending wait. */
  get keys(): number {
    return this.byKey.size;
  }

  wake(key: Key): void {
    const wakeup = this.byKey.get(key);
    this.byKey.delete(key);
    wakeup?.wake();
  }

  /** Resolves at the next wake of `key`, after `ms`, or when `signal` fires, whichever comes first. */
  async wait(key: Key, ms: number, signal?: AbortSignal): Promise<void> {
    let wakeup = this.byKey.get(key);
    if (!wakeup) this.byKey.set(key, (wakeup = new Wakeup()));
    await wakeup.wait(ms, signal);
    if (wakeup.waiting === 0 && this.byKey.get(key) === wakeup) this.byKey.delete(key);
  }
}
