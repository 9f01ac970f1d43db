import { KubeObject, ManagedFieldsEntry } from '../api/types';
import { FieldSet, fieldSetOf, forEachLeaf, isEmpty, subtract, union, valueAt } from './field-set';
import { jsonEqual } from '../patch/json-equal';

let lastSecond = -1;
let lastTimestamp = '';

/**
 * The current time at the API server's one-second precision. Every object written within the same
 * second shares one string, which matters with tens of thousands of conditions and managedFields.
 */
export function nowTimestamp(): string {
  const second = Math.floor(Date.now() / 1000);
  if (second !== lastSecond) {
    lastSecond = second;
    lastTimestamp = `${new Date(second * 1000).toISOString().slice(0, 19)}Z`;
  }
  return lastTimestamp;
}

export function managerEntry(
  manager: string,
  operation: 'Apply' | 'Update',
  apiVersion: string,
  fields: FieldSet,
): ManagedFieldsEntry {
  return { manager, operation, apiVersion, time: nowTimestamp(), fieldsType: 'FieldsV1', fieldsV1: fields };
}

/** Leaves of `after` whose value differs from `before`, and leaves of `before` that are gone. */
function changedFields(before: KubeObject | undefined, after: KubeObject): { changed: FieldSet; removed: FieldSet } {
  const changed: FieldSet = {};
  const removed: FieldSet = {};
  const add = (set: FieldSet, segments: string[]): void => {
    let node = set;
    for (const segment of segments) node = node[segment] ??= {};
  };
  const afterSet = fieldSetOf(after);
  forEachLeaf(afterSet, (segments) => {
    if (!before || !jsonEqual(valueAt(before, segments), valueAt(after, segments))) add(changed, segments);
  });
  if (before) {
    forEachLeaf(fieldSetOf(before), (segments) => {
      if (valueAt(after, segments) === undefined) add(removed, segments);
    });
  }
  return { changed, removed };
}

/**
 * managedFields after a create, update or non-apply patch: the writer gains ownership of what it
 * changed, and every other manager loses it (the API server's "Update" operation semantics).
 */
export function managedFieldsAfterUpdate(
  before: KubeObject | undefined,
  after: KubeObject,
  manager: string,
  apiVersion: string,
): ManagedFieldsEntry[] {
  const { changed, removed } = changedFields(before, after);
  const entries: ManagedFieldsEntry[] = [];
  let mine: FieldSet = changed;
  for (const entry of before?.metadata.managedFields ?? []) {
    if (entry.manager === manager && entry.operation === 'Update' && !entry.subresource) {
      mine = union(entry.fieldsV1 as FieldSet, changed);
      continue;
    }
    const remaining = subtract(subtract(entry.fieldsV1 as FieldSet, changed), removed);
    if (!isEmpty(remaining)) entries.push({ ...entry, fieldsV1: remaining });
  }
  mine = subtract(mine, removed);
  if (!isEmpty(mine)) entries.push(managerEntry(manager, 'Update', apiVersion, mine));
  return entries;
}
