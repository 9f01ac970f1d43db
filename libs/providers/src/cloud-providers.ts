import { Inject, Injectable } from '@nestjs/common';
import { guardApiServerConnections, onAbort, retireApiServerConnection } from '@fleetplane/kube';
import { AccessCache } from './access-cache';
import type {
  CallOptions,
  ClusterAccess,
  ClusterDescription,
  ClusterRef,
  CloudHealth,
  CloudProvider,
  CredentialOf,
  DiscoveredCluster,
  DiscoveryScope,
  ProviderKind,
} from './cloud-provider';
import { UnknownProviderKind } from './errors';
import { fingerprint } from './fingerprint';
import type { ProvidersOptions } from './providers-options';
import { resolveRuntime } from './providers-options';
import { CLOUD_PROVIDER_ADAPTERS, PROVIDERS_OPTIONS } from './tokens';

const DEFAULT_REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000;
const DEFAULT_MAX_ACCESS_AGE_MS = 10 * 60_000;

/**
 * The entry point for callers: dispatches each call to the adapter of the reference's
 * `provider`, and caches cluster access. Fails with `UnknownProviderKind` for a kind no adapter
 * is registered for, before anything else happens; otherwise fails as the adapter's method does.
 */
@Injectable()
export class CloudProviders {
  private readonly byKind = new Map<string, CloudProvider>();
  private readonly accessCache: AccessCache;
  private readonly addressGuard: ProvidersOptions['addressGuard'];

  constructor(
    @Inject(CLOUD_PROVIDER_ADAPTERS) adapters: CloudProvider[],
    @Inject(PROVIDERS_OPTIONS) options: ProvidersOptions,
  ) {
    for (const adapter of adapters) {
      if (this.byKind.has(adapter.kind))
        throw new Error(`two cloud provider adapters registered for kind ${adapter.kind}`);
      this.byKind.set(adapter.kind, adapter);
    }
    this.addressGuard = options.addressGuard;
    this.accessCache = new AccessCache({
      now: resolveRuntime(options).now,
      refreshBeforeExpiryMs: options.accessCache?.refreshBeforeExpiryMs ?? DEFAULT_REFRESH_BEFORE_EXPIRY_MS,
      maxAgeMs: options.accessCache?.maxAgeMs ?? DEFAULT_MAX_ACCESS_AGE_MS,
      onRetired: (access) => retireApiServerConnection(access.kubeConfig),
    });
  }

  /** The kinds with a registered adapter. */
  kinds(): ProviderKind[] {
    return [...this.byKind.keys()] as ProviderKind[];
  }

  /** The adapter for a kind; `kind` may be an unchecked string from storage or a request. */
  get<K extends ProviderKind>(kind: K): CloudProvider<K>;
  get(kind: string): CloudProvider;
  get(kind: string): CloudProvider {
    const adapter = this.byKind.get(kind);
    if (!adapter) {
      throw new UnknownProviderKind(
        `no cloud provider adapter for kind "${kind}" (registered: ${this.kinds().join(', ')})`,
        {
          provider: kind,
        },
      );
    }
    return adapter;
  }

  discover<S extends DiscoveryScope>(
    scope: S,
    credential: CredentialOf<S['provider']>,
    options?: CallOptions,
  ): Promise<DiscoveredCluster<S['provider']>[]> {
    return this.get(scope.provider).discover(scope, credential, options) as Promise<DiscoveredCluster<S['provider']>[]>;
  }

  describe<R extends ClusterRef>(
    ref: R,
    credential: CredentialOf<R['provider']>,
    options?: CallOptions,
  ): Promise<ClusterDescription<R['provider']>> {
    return this.get(ref.provider).describe(ref, credential, options) as Promise<ClusterDescription<R['provider']>>;
  }

  checkHealth<R extends ClusterRef>(
    ref: R,
    credential: CredentialOf<R['provider']>,
    options?: CallOptions,
  ): Promise<CloudHealth> {
    return this.get(ref.provider).checkHealth(ref, credential, options);
  }

  /** The cluster's identity in its cloud, or `null`: see `CloudProvider.cloudIdentity`. */
  cloudIdentity(description: ClusterDescription): string | null {
    return this.get(description.ref.provider).cloudIdentity(description);
  }

  /**
   * Kubernetes API access for a cluster, from cache while it is fresh, else newly issued (see
   * `AccessCacheOptions`). Take the `KubeConfig` for one piece of work and ask again for the
   * next: a held one may expire. Fails as `CloudProvider.issueAccess`; failures are not cached.
   */
  access<R extends ClusterRef>(
    ref: R,
    credential: CredentialOf<R['provider']>,
    options?: CallOptions,
  ): Promise<ClusterAccess> {
    const adapter = this.get(ref.provider);
    const group = fingerprint(ref);
    // The issue is shared by every concurrent caller, so no single caller's signal may cancel it;
    // each caller stops waiting on its own signal instead.
    const shared = this.accessCache.get(group, `${group}|${fingerprint(credential)}`, async () => {
      const access = await adapter.issueAccess(ref, credential);
      guardApiServerConnections(access.kubeConfig, this.addressGuard);
      return access;
    });
    return untilAborted(shared, options?.signal);
  }

  /** Drops cached access for a cluster, e.g. after its API server answered 401 to a cached token. */
  forgetAccess(ref: ClusterRef): void {
    this.accessCache.forget(fingerprint(ref));
  }
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    // A rollout's signal is shared by every target's access: the relay keeps it to one listener.
    const stopWaiting = onAbort(signal, () => reject(signal.reason));
    promise.then(resolve, reject).finally(stopWaiting);
  });
}
