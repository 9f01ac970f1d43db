import type { KubeObject } from '../api/types';

/** How one object differs between two releases. */
export type ObjectChange = 'added' | 'removed' | 'changed' | 'unchanged';

export interface ObjectDiff {
  /** `kind namespace/name` (group included where there is one), as people name the object. */
  key: string;
  change: ObjectChange;
  before?: KubeObject;
  after?: KubeObject;
}

/** The group of an apiVersion (`apps/v1` → `apps`, `v1` → core): the version is a representation, not identity. */
function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

export function objectKey(object: KubeObject): string {
  const group = groupOf(object.apiVersion);
  const kind = group ? `${object.kind}.${group}` : object.kind;
  const namespace = object.metadata.namespace;
  return `${kind} ${namespace ? `${namespace}/` : ''}${object.metadata.name}`;
}

/**
 * Pairs the objects of two releases by identity (group, kind, namespace, name): the newer release's order
 * first, then what it removed. An object whose JSON differs in any way is `changed`.
 */
export function diffReleases(before: readonly KubeObject[], after: readonly KubeObject[]): ObjectDiff[] {
  const old = new Map(before.map((object) => [objectKey(object), object]));
  const diffs: ObjectDiff[] = after.map((object) => {
    const key = objectKey(object);
    const previous = old.get(key);
    old.delete(key);
    if (!previous) return { key, change: 'added', after: object };
    const same = JSON.stringify(previous) === JSON.stringify(object);
    return { key, change: same ? 'unchanged' : 'changed', before: previous, after: object };
  });
  for (const [key, object] of old) diffs.push({ key, change: 'removed', before: object });
  return diffs;
}

/** How many objects changed each way. */
export function countChanges(diffs: readonly ObjectDiff[]): Record<ObjectChange, number> {
  const counts: Record<ObjectChange, number> = { added: 0, removed: 0, changed: 0, unchanged: 0 };
  for (const diff of diffs) counts[diff.change]++;
  return counts;
}
