import { ApplyManifest } from './object-ref';

/** What later objects need to exist before the API server accepts them: their namespace, their kind. */
const DEFINITIONS = new Set(['Namespace', 'CustomResourceDefinition']);

/** What workloads refer to and read when they start: identities, permissions, configuration, storage, policy. */
const PREREQUISITES = new Set([
  'NetworkPolicy',
  'ResourceQuota',
  'LimitRange',
  'PodDisruptionBudget',
  'ServiceAccount',
  'Secret',
  'ConfigMap',
  'StorageClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'ClusterRole',
  'ClusterRoleBinding',
  'Role',
  'RoleBinding',
  'IngressClass',
]);

function tierOf(object: ApplyManifest): number {
  if (DEFINITIONS.has(object.kind)) return 0;
  return PREREQUISITES.has(object.kind) ? 1 : 2;
}

/**
 * Splits objects, kept in the order given, into runs that may be applied together: a run ends where the
 * next object is of another tier (definitions, then prerequisites, then everything else, as Helm orders
 * its installs). Each run goes to the API server at once, so a release costs about three round trips
 * rather than one per object, while a namespace or a CRD is still in place before what needs it.
 */
export function applyTiers<T extends ApplyManifest>(objects: readonly T[]): T[][] {
  const tiers: T[][] = [];
  let previous = -1;
  for (const object of objects) {
    const tier = tierOf(object);
    if (tier !== previous) tiers.push([]);
    tiers[tiers.length - 1].push(object);
    previous = tier;
  }
  return tiers;
}
