import type { ClusterAccess } from './cloud-provider';

export interface AccessCacheSettings {
  now: () => Date;
  refreshBeforeExpiryMs: number;
  maxAgeMs: number;
  /** Told of an issued access once the cache no longer hands it out (replaced or forgotten). */
  onRetired?: (access: ClusterAccess) => void;
}

interface Entry {
  group: string;
  access: Promise<ClusterAccess>;
  /** Epoch ms after which a new access is issued; unset while the first issue is in flight. */
  refreshAt?: number;
}

/**
 * Caches issued cluster access per (cluster, credential). Concurrent callers share one issue in
 * flight; access is re-issued `refreshBeforeExpiryMs` before it expires and at least every
 * `maxAgeMs`. Failures are not cached. An access that is replaced or forgotten is handed to `onRetired`
 * (callers already holding it may go on using it).
 */
export class AccessCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly settings: AccessCacheSettings) {}

  /** `group` names the cluster, so {@link forget} drops its entries for every credential. */
  get(group: string, key: string, issue: () => Promise<ClusterAccess>): Promise<ClusterAccess> {
    const cached = this.entries.get(key);
    const now = this.settings.now().getTime();
    if (cached && (cached.refreshAt === undefined || now < cached.refreshAt)) return cached.access;

    const entry: Entry = { group, access: issue() };
    this.entries.set(key, entry);
    if (cached) this.retire(cached, entry);
    entry.access.then(
      (access) => {
        const issuedAt = this.settings.now().getTime();
        const byAge = issuedAt + this.settings.maxAgeMs;
        const byExpiry = access.expiresAt ? access.expiresAt.getTime() - this.settings.refreshBeforeExpiryMs : byAge;
        entry.refreshAt = Math.min(byAge, byExpiry);
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return entry.access;
  }

  forget(group: string): void {
    for (const [key, entry] of this.entries) {
      if (entry.group !== group) continue;
      this.entries.delete(key);
      this.retire(entry);
    }
  }

  /** An adapter may hand out the same KubeConfig again; that one is not retired, it is still in use. */
  private retire(entry: Entry, successor?: Entry): void {
    const { onRetired } = this.settings;
    if (!onRetired) return;
    void Promise.all([entry.access, successor?.access.catch(() => undefined)]).then(
      ([retired, next]) => {
        if (next?.kubeConfig !== retired.kubeConfig) onRetired(retired);
      },
      () => undefined,
    );
  }
}
