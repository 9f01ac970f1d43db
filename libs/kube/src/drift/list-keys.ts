/**
 * Merge keys of the associative lists in the kinds fan-out applies (listType=map in the Kubernetes
 * OpenAPI). Server-side apply owns only the items we sent in these lists, so items added by others are
 * not drift. Lists not named here are atomic and compared whole. A key value absent from an item takes
 * the server's default (ports default to TCP).
 */
export interface ListKey {
  fields: readonly string[];
  defaults?: Readonly<Record<string, string>>;
}

const byName: ListKey = { fields: ['name'] };

const associativeLists: Readonly<Record<string, ListKey>> = {
  containers: byName,
  initContainers: byName,
  ephemeralContainers: byName,
  volumes: byName,
  env: byName,
  imagePullSecrets: byName,
  resourceClaims: byName,
  volumeMounts: { fields: ['mountPath'] },
  volumeDevices: { fields: ['devicePath'] },
  conditions: { fields: ['type'] },
  hostAliases: { fields: ['ip'] },
  topologySpreadConstraints: { fields: ['topologyKey', 'whenUnsatisfiable'] },
};

const containerPorts: ListKey = { fields: ['containerPort', 'protocol'], defaults: { protocol: 'TCP' } };
const servicePorts: ListKey = { fields: ['port', 'protocol'], defaults: { protocol: 'TCP' } };

/** Merge key for a list field, or undefined when the list is atomic. */
export function listKeyFor(field: string, items: readonly unknown[]): ListKey | undefined {
  if (field === 'ports') {
    const first = items.find((item): item is Record<string, unknown> => typeof item === 'object' && item !== null);
    if (first === undefined) return undefined;
    return 'containerPort' in first ? containerPorts : servicePorts;
  }
  return associativeLists[field];
}

export function keyOf(item: unknown, key: ListKey): string | undefined {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return undefined;
  const record = item as Record<string, unknown>;
  const parts = key.fields.map((field) => record[field] ?? key.defaults?.[field]);
  if (parts.some((part) => part === undefined)) return undefined;
  return key.fields.map((field, index) => `${field}=${String(parts[index])}`).join(',');
}
