import { RESOURCE_VERBS, ResourceCatalog, ResourceType } from '../api/resource-catalog';
import { JsonObject } from '../api/types';
import { MediaRange } from '../server/media-types';

// Aggregated discovery (apidiscovery.k8s.io): /api and /apis answer every group, version and resource in
// one document, so kubectl needs one discovery round trip instead of one request per group version.

export type AggregatedDiscoveryVersion = 'v2' | 'v2beta1';

const DISCOVERY_GROUP = 'apidiscovery.k8s.io';
const SUBRESOURCE_VERBS = ['get', 'patch', 'update'];

/**
 * The aggregated discovery version the client asks for, by the first Accept entry the sandbox can serve;
 * undefined when that entry is plain JSON (the client then gets the legacy APIVersions / APIGroupList).
 */
export function aggregatedDiscoveryVersion(accept: MediaRange[]): AggregatedDiscoveryVersion | undefined {
  for (const range of accept) {
    const { g, v, as } = range.params;
    if (range.type === 'application/json' && g === DISCOVERY_GROUP && as === 'APIGroupDiscoveryList') {
      if (v === 'v2' || v === 'v2beta1') return v;
    } else if (['application/json', 'application/*', '*/*'].includes(range.type) && g === undefined) return undefined;
  }
  return undefined;
}

/** The Content-Type of an aggregated discovery answer, naming the media type the client asked for. */
export function aggregatedDiscoveryContentType(version: AggregatedDiscoveryVersion): string {
  return `application/json;g=${DISCOVERY_GROUP};v=${version};as=APIGroupDiscoveryList`;
}

function resourceEntry(type: ResourceType): JsonObject {
  const subresources = type.subresources.map((subresource) => ({
    subresource,
    responseKind:
      subresource === 'scale'
        ? { group: 'autoscaling', version: 'v1', kind: 'Scale' }
        : { group: type.group, version: type.version, kind: type.kind },
    verbs: SUBRESOURCE_VERBS,
  }));
  return {
    resource: type.resource,
    responseKind: { group: type.group, version: type.version, kind: type.kind },
    scope: type.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: type.singular,
    verbs: RESOURCE_VERBS,
    ...(type.shortNames.length > 0 ? { shortNames: type.shortNames } : {}),
    ...(type.categories.length > 0 ? { categories: type.categories } : {}),
    ...(subresources.length > 0 ? { subresources } : {}),
  };
}

function groupEntry(catalog: ResourceCatalog, group: string, versions: string[]): JsonObject {
  return {
    metadata: group ? { name: group, creationTimestamp: null } : { creationTimestamp: null },
    versions: versions.map((version) => ({
      version,
      resources: catalog.inGroupVersion(group, version).map(resourceEntry),
      freshness: 'Current',
    })),
  };
}

/** The APIGroupDiscoveryList of /api (core: true, the legacy group only) or /apis (every named group). */
export function aggregatedDiscovery(
  catalog: ResourceCatalog,
  core: boolean,
  version: AggregatedDiscoveryVersion,
): JsonObject {
  const items = [...catalog.groups()]
    .filter(([group]) => (group === '') === core)
    .map(([group, versions]) => groupEntry(catalog, group, versions));
  return { kind: 'APIGroupDiscoveryList', apiVersion: `${DISCOVERY_GROUP}/${version}`, metadata: {}, items };
}
