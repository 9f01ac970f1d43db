import { ownershipKeys } from '@fleetplane/objects';
import type { DriftedField } from '@fleetplane/kube';

const OWNERSHIP_LABEL_PATHS = new Set(
  [ownershipKeys.managedBy, ownershipKeys.application].map((key) => `metadata.labels[${JSON.stringify(key)}]`),
);

/**
 * An object whose ownership labels drifted has changed hands (or been disowned on purpose): reconcile
 * leaves it alone, as prune does, rather than taking it back.
 */
export function lostOwnership(fields: readonly DriftedField[]): boolean {
  return fields.some((field) => OWNERSHIP_LABEL_PATHS.has(field.path));
}
