// How lists and structs in Kubernetes objects merge. Both strategic merge patch and server-side apply
// need this (patchMergeKey / x-kubernetes-list-map-keys in the real schemas). The table covers the
// fields of the served built-in types that are associative; any other list is treated as atomic,
// which is what the API server does for lists without merge keys.

export type ListSemantics = { type: 'map'; keys: string[] } | { type: 'set' } | { type: 'atomic' };

const ATOMIC: ListSemantics = { type: 'atomic' };
const byName: ListSemantics = { type: 'map', keys: ['name'] };

const LIST_BY_FIELD: Record<string, ListSemantics> = {
  containers: byName,
  initContainers: byName,
  ephemeralContainers: byName,
  env: byName,
  volumes: byName,
  imagePullSecrets: byName,
  volumeMounts: { type: 'map', keys: ['mountPath'] },
  volumeDevices: { type: 'map', keys: ['devicePath'] },
  conditions: { type: 'map', keys: ['type'] },
  hostAliases: { type: 'map', keys: ['ip'] },
  ownerReferences: { type: 'map', keys: ['uid'] },
  finalizers: { type: 'set' },
  topologySpreadConstraints: { type: 'map', keys: ['topologyKey', 'whenUnsatisfiable'] },
  resourceClaims: byName,
};

/** Path is the chain of field names from the object root, without list indexes. */
export function listSemantics(path: readonly string[]): ListSemantics {
  const field = path[path.length - 1];
  if (field === 'ports') {
    // Container ports merge by containerPort; a Service's ports by port.
    return path.includes('containers') || path.includes('initContainers')
      ? { type: 'map', keys: ['containerPort'] }
      : { type: 'map', keys: ['port'] };
  }
  return LIST_BY_FIELD[field] ?? ATOMIC;
}

/** Structs and maps that are replaced as a whole rather than merged field by field. */
export function isAtomicStruct(path: readonly string[]): boolean {
  const field = path[path.length - 1];
  // Label selectors of workloads and services are atomic, as are a few opaque blobs.
  if (field === 'selector') return path.length === 2 && path[0] === 'spec';
  return field === 'openAPIV3Schema';
}

export function itemMatchesKeys(item: unknown, probe: unknown, keys: string[]): boolean {
  if (typeof item !== 'object' || item === null || typeof probe !== 'object' || probe === null) return false;
  const left = item as Record<string, unknown>;
  const right = probe as Record<string, unknown>;
  return keys.every((key) => left[key] === right[key]);
}
