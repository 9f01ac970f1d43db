import { CallOptions } from './cluster-transport';
import { KubeApiError, isKubeApiError } from './kube-api-error';
import { KindRef } from './object-ref';
import { ResourceType, builtInResources, typeKey } from './built-in-resources';

/** Fetches one discovery document (`/api/v1`, `/apis/<group>/<version>`) and parses it. */
export type DiscoveryFetch = (path: string, call: CallOptions) => Promise<unknown>;

interface ApiResourceList {
  resources?: { name?: string; kind?: string; namespaced?: boolean }[];
}

/**
 * Maps apiVersion + kind to a REST resource for one cluster. Built-in kinds come from a static table
 * (no request); anything else from the cluster's discovery document for that group/version, fetched
 * once per client and shared by concurrent callers. A group/version the cluster does not serve is not
 * remembered, so a CRD applied later in the same release is found on the next lookup.
 */
export class ResourceResolver {
  private readonly discovered = new Map<string, Promise<Map<string, ResourceType>>>();
  private readonly verified = new Set<string>();
  /** Discovery documents fetched, for tests and request accounting. */
  discoveryRequests = 0;

  constructor(
    private readonly fetchDiscovery: DiscoveryFetch,
    private readonly cluster: string,
  ) {}

  /**
   * Rejects with `UnknownKind` when the cluster serves no such kind at that apiVersion, or with the
   * transport's error when discovery itself fails.
   */
  async resolve(ref: KindRef, call: CallOptions): Promise<ResourceType> {
    return builtInResources.get(typeKey(ref.apiVersion, ref.kind)) ?? this.discover(ref, call);
  }

  /**
   * Called when a path answered 404 without naming an object, the API server's way of saying it serves
   * no such resource: asks discovery once and returns the type it serves, when that differs from the
   * one the path came from. Rejects with `UnknownKind` when the kind is not served at all.
   */
  async rediscover(ref: KindRef, stale: ResourceType, call: CallOptions): Promise<ResourceType | undefined> {
    const key = typeKey(ref.apiVersion, ref.kind);
    if (this.verified.has(key)) return undefined;
    this.discovered.delete(ref.apiVersion);
    const served = await this.discover(ref, call);
    this.verified.add(key);
    return served.resource === stale.resource && served.namespaced === stale.namespaced ? undefined : served;
  }

  private async discover(ref: KindRef, call: CallOptions): Promise<ResourceType> {
    let types = this.discovered.get(ref.apiVersion);
    if (types === undefined) {
      types = this.fetchGroupVersion(ref.apiVersion, call);
      this.discovered.set(ref.apiVersion, types);
      const pending = types;
      pending.catch(() => {
        if (this.discovered.get(ref.apiVersion) === pending) this.discovered.delete(ref.apiVersion);
      });
    }
    const type = (await types).get(ref.kind);
    if (type === undefined) {
      // A kind missing from a served group/version may be a CRD version being added; ask again next time.
      this.discovered.delete(ref.apiVersion);
      throw unknownKind(ref, this.cluster);
    }
    return type;
  }

  private async fetchGroupVersion(apiVersion: string, call: CallOptions): Promise<Map<string, ResourceType>> {
    const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    this.discoveryRequests++;
    let document: ApiResourceList;
    try {
      document = (await this.fetchDiscovery(path, call)) as ApiResourceList;
    } catch (error) {
      if (isKubeApiError(error, 'NotFound')) return new Map();
      throw error;
    }
    const types = new Map<string, ResourceType>();
    for (const entry of document.resources ?? []) {
      // Subresources (`deployments/scale`) share the kind of other types; only top-level resources address objects.
      if (entry.name === undefined || entry.kind === undefined || entry.name.includes('/')) continue;
      types.set(entry.kind, {
        apiVersion,
        kind: entry.kind,
        resource: entry.name,
        namespaced: entry.namespaced === true,
      });
    }
    return types;
  }
}

function unknownKind(ref: KindRef, cluster: string): KubeApiError {
  const path = ref.apiVersion.includes('/') ? `/apis/${ref.apiVersion}` : `/api/${ref.apiVersion}`;
  return new KubeApiError({
    code: 'UnknownKind',
    message: `${cluster}: the cluster serves no ${ref.kind} in ${ref.apiVersion} (is its CustomResourceDefinition installed?)`,
    retryable: false,
    cluster,
    request: `GET ${path}`,
  });
}
