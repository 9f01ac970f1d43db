/**
 * Reads by key where many callers ask at once (the targets of a wave, each for its own row): while one
 * load is in flight, the keys asked for meanwhile wait and go together in the next, so a thousand
 * concurrent reads cost a handful of queries instead of a thousand, and a lone read waits for none.
 */
export class BatchedLoader<K, V> {
  private queued: Array<{ key: K; resolve: (value: V | undefined) => void; reject: (error: unknown) => void }> = [];
  private loading = false;

  /** `load` answers the keys it was given; a key it leaves out reads as undefined. */
  constructor(private readonly load: (keys: K[]) => Promise<ReadonlyMap<K, V>>) {}

  get(key: K): Promise<V | undefined> {
    return new Promise((resolve, reject) => {
      this.queued.push({ key, resolve, reject });
      if (!this.loading) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.loading = true;
    // Callers that ask in the same turn of the event loop join this first load.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.queued.length > 0) {
      const batch = this.queued;
      this.queued = [];
      try {
        const values = await this.load([...new Set(batch.map((entry) => entry.key))]);
        for (const entry of batch) entry.resolve(values.get(entry.key));
      } catch (error) {
        for (const entry of batch) entry.reject(error);
      }
    }
    this.loading = false;
  }
}
