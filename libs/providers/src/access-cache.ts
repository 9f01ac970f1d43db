import type { ClusterAccess } from './cloud-provider';

export interface AccessCacheSettings {
  now: () => Date;
  refreshBeforeExpiryMs: number;
  maxAgeMs: number;
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
 * `maxAgeMs`. Failures are not cached.
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
    for (const [key, entry] of this.entries) if (entry.group === group) this.entries.delete(key);
  }
}
