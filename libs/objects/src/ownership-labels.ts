/** Labels and annotations the control plane stamps on every object it applies. */
export const ownershipKeys = {
  managedBy: 'app.kubernetes.io/managed-by',
  application: 'fleetplane.io/application',
  release: 'fleetplane.io/release',
  deployment: 'fleetplane.io/deployment',
  releaseHash: 'fleetplane.io/release-hash',
} as const;

/** The field manager of every server-side apply, and the `managed-by` label's value. */
export const managerName = 'fleetplane';

/**
 * The field manager of one application's applies: apart from every other application's, so one
 * application's apply never silently takes fields another one set.
 */
export function managerFor(application: string): string {
  return `${managerName}/${application}`;
}

/** Label selector (string form) listing what the control plane applied for one application on a cluster. */
export function ownedObjectsSelector(application: string): string {
  return `${ownershipKeys.managedBy}=${managerName},${ownershipKeys.application}=${application}`;
}
