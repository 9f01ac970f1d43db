/**
 * SDK clients (and the credential sessions they hold) kept per region and credential, so
 * repeated calls reuse connections and assumed-role sessions. Least recently used entries go
 * first once the bound is reached, so rotated credentials do not pile up.
 */
export class ClientCache<T> {
  private readonly entries = new Map<string, T>();

  constructor(private readonly capacity = 256) {}

  get(key: string, create: () => T): T {
    const existing = this.entries.get(key);
    if (existing !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, existing);
      return existing;
    }
    const created = create();
    this.entries.set(key, created);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return created;
  }

  /**
   * For clients whose SDK is imported on first use: the load is cached as a promise, so concurrent
   * first calls share one import and one client. A load that fails is forgotten, so the next call
   * tries again instead of repeating a stale failure.
   */
  load<V>(this: ClientCache<Promise<V>>, key: string, create: () => Promise<V>): Promise<V> {
    return this.get(key, () => {
      const loading = create();
      loading.catch(() => {
        if (this.entries.get(key) === loading) this.entries.delete(key);
      });
      return loading;
    });
  }
}
