import { KubeObject, ObjectIdentity, apiGroupOf, identityKey, identityOf } from '../manifests/kube-object';

/** Labels and annotations the control plane stamps on every object it applies. */
export const ownershipKeys = {
  managedBy: 'app.kubernetes.io/managed-by',
  application: 'fleetplane.io/application',
  release: 'fleetplane.io/release',
  deployment: 'fleetplane.io/deployment',
  releaseHash: 'fleetplane.io/release-hash',
} as const;

export const managerName = 'fleetplane';

/**
 * The field manager of one application's applies: apart from every other application's, so one
 * application's apply never silently takes fields another one set.
 */
export function managerFor(application: string): string {
  return `${managerName}/${application}`;
}

export interface Ownership {
  application: string;
  releaseVersion: string;
  releaseHash: string;
  deploymentId: string;
}

export function stampOwnership(object: KubeObject, ownership: Ownership): KubeObject {
  return {
    ...object,
    metadata: {
      ...object.metadata,
      labels: {
        ...object.metadata.labels,
        [ownershipKeys.managedBy]: managerName,
        [ownershipKeys.application]: ownership.application,
        [ownershipKeys.release]: ownership.releaseVersion,
        [ownershipKeys.deployment]: ownership.deploymentId,
      },
      annotations: { ...object.metadata.annotations, [ownershipKeys.releaseHash]: ownership.releaseHash },
    },
  };
}

/** Label selector (string form) listing what the control plane applied for one application on a cluster. */
export function ownedObjectsSelector(application: string): string {
  return `${ownershipKeys.managedBy}=${managerName},${ownershipKeys.application}=${application}`;
}

/**
 * Objects found on a cluster that this control plane applied for `application` but that the newly rendered
 * set no longer contains: the ones to prune. Objects without our ownership labels are never returned.
 */
export function objectsToPrune(
  application: string,
  live: readonly KubeObject[],
  rendered: readonly KubeObject[],
): KubeObject[] {
  const keep = new Set(rendered.map((object) => identityKey(identityOf(object))));
  return live.filter((object) => {
    const labels = object.metadata.labels ?? {};
    const owned = labels[ownershipKeys.managedBy] === managerName && labels[ownershipKeys.application] === application;
    return owned && !keep.has(identityKey(identityOf(object)));
  });
}

/** An object a cluster may still run, as an application's inventory records it. */
export interface InventoryRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/**
 * Inventory entries the rendered set no longer contains: the candidates for prune. An object is the same
 * object at another version of its API group (`autoscaling/v2` replacing `autoscaling/v2beta2`), so a
 * release that moves to a newer version never deletes what it just applied.
 */
export function leftoversOf(inventory: readonly InventoryRef[], rendered: readonly KubeObject[]): InventoryRef[] {
  const keep = new Set(rendered.map((object) => identityKey(identityOf(object))));
  return inventory.filter((entry) => !keep.has(identityKey(identityOfRef(entry))));
}

function identityOfRef({ apiVersion, kind, namespace, name }: InventoryRef): ObjectIdentity {
  const identity: ObjectIdentity = { group: apiGroupOf(apiVersion), kind, name };
  if (namespace !== undefined) identity.namespace = namespace;
  return identity;
}
