import { ResourceCatalog, ResourceType } from '../api/resource-catalog';

export type Route =
  | { kind: 'version' }
  | { kind: 'health' }
  | { kind: 'coreVersions' }
  | { kind: 'groupList' }
  | { kind: 'group'; group: string }
  | { kind: 'resourceList'; group: string; version: string }
  | { kind: 'openApiIndex' }
  | { kind: 'openApiDocument'; group: string; version: string }
  | { kind: 'resource'; type: ResourceType; namespace?: string; name?: string; subresource?: string }
  | { kind: 'unknown' };

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

/** Maps a request path onto what it addresses, using the cluster's current resource catalog. */
export function resolveRoute(pathname: string, catalog: ResourceCatalog): Route {
  const segments = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const [root] = segments;
  if (pathname === '/version' || pathname === '/version/') return { kind: 'version' };
  if (['/healthz', '/livez', '/readyz'].includes(pathname)) return { kind: 'health' };
  if (root === 'openapi') {
    if (segments[1] !== 'v3') return { kind: 'unknown' };
    if (segments.length === 2) return { kind: 'openApiIndex' };
    if (segments[2] === 'api' && segments.length === 4)
      return { kind: 'openApiDocument', group: '', version: segments[3] };
    if (segments[2] === 'apis' && segments.length === 5)
      return { kind: 'openApiDocument', group: segments[3], version: segments[4] };
    return { kind: 'unknown' };
  }
  let group: string;
  let version: string;
  let rest: string[];
  if (root === 'api') {
    if (segments.length === 1) return { kind: 'coreVersions' };
    [group, version, rest] = ['', segments[1], segments.slice(2)];
  } else if (root === 'apis') {
    if (segments.length === 1) return { kind: 'groupList' };
    if (segments.length === 2) return { kind: 'group', group: segments[1] };
    [group, version, rest] = [segments[1], segments[2], segments.slice(3)];
  } else return { kind: 'unknown' };
  if (rest.length === 0) return { kind: 'resourceList', group, version };
  return resourceRoute(group, version, rest, catalog);
}

function resourceRoute(group: string, version: string, rest: string[], catalog: ResourceCatalog): Route {
  let namespace: string | undefined;
  let parts = rest;
  if (
    rest[0] === 'namespaces' &&
    rest.length >= 3 &&
    !(group === '' && NAMESPACE_SUBRESOURCES.has(rest[2]) && rest.length === 3)
  ) {
    namespace = rest[1];
    parts = rest.slice(2);
  }
  const [resource, name, subresource, ...extra] = parts;
  const type = catalog.find(group, version, resource);
  if (!type || extra.length > 0) return { kind: 'unknown' };
  if (namespace !== undefined && !type.namespaced) return { kind: 'unknown' };
  return { kind: 'resource', type, namespace, name, subresource };
}
