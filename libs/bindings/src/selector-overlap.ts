import type { LabelSelector } from '@fleetplane/fanout';

/** What the requirements of one or more selectors say about one label key, taken together. */
interface KeyConstraint {
  /** The values allowed, when some requirement lists them (In, or matchLabels); `undefined`: any value. */
  allowed?: Set<string>;
  forbidden: Set<string>;
  mustExist: boolean;
  mustNotExist: boolean;
}

/**
 * Whether some set of labels matches every selector given: the selectors' requirements are combined per
 * key and checked for a contradiction (a key that must and must not exist, or no value left allowed).
 * Label values are open strings, so a key constrained only by NotIn can always take another value.
 */
export function selectorsCanOverlap(...selectors: readonly LabelSelector[]): boolean {
  const byKey = new Map<string, KeyConstraint>();
  const constraint = (key: string): KeyConstraint => {
    let found = byKey.get(key);
    if (!found) {
      found = { forbidden: new Set(), mustExist: false, mustNotExist: false };
      byKey.set(key, found);
    }
    return found;
  };
  const allow = (key: string, values: readonly string[]) => {
    const entry = constraint(key);
    entry.mustExist = true;
    entry.allowed = new Set(values.filter((value) => entry.allowed === undefined || entry.allowed.has(value)));
  };
  for (const selector of selectors) {
    for (const [key, value] of Object.entries(selector.matchLabels ?? {})) allow(key, [value]);
    for (const requirement of selector.matchExpressions ?? []) {
      const entry = constraint(requirement.key);
      switch (requirement.operator) {
        case 'In':
          allow(requirement.key, requirement.values ?? []);
          break;
        case 'NotIn':
          for (const value of requirement.values ?? []) entry.forbidden.add(value);
          break;
        case 'Exists':
          entry.mustExist = true;
          break;
        case 'DoesNotExist':
          entry.mustNotExist = true;
          break;
      }
    }
  }
  for (const entry of byKey.values()) {
    if (entry.mustExist && entry.mustNotExist) return false;
    if (entry.allowed !== undefined && [...entry.allowed].every((value) => entry.forbidden.has(value))) return false;
  }
  return true;
}
