import {
  JsonObject,
  JsonValue,
  KubeObject,
  ManagedFieldsEntry,
  StatusCause,
  isJsonObject,
  isKubeObject,
} from '../api/types';
import { isAtomicStruct, itemMatchesKeys, listSemantics } from '../patch/list-semantics';
import { jsonEqual } from '../patch/json-equal';
import {
  FieldSet,
  covers,
  fieldSetOf,
  forEachLeaf,
  isEmpty,
  segmentsToFieldPath,
  subtract,
  union,
  valueAt,
} from './field-set';
import { managerEntry } from './managed-fields';

export class ApplyConflictError extends Error {
  constructor(readonly causes: StatusCause[]) {
    const plural = causes.length === 1 ? '' : 's';
    const details = causes.map((cause) => `${cause.message}: ${cause.field}`).join('\n');
    super(`Apply failed with ${causes.length} conflict${plural}: ${details}`);
  }
}

export interface ApplyResult {
  object: KubeObject;
  managedFields: ManagedFieldsEntry[];
}

/**
 * Server-side apply of a configuration by one field manager: detects conflicts with fields other
 * managers own (unless forced, which takes them over), removes fields this manager applied before
 * but no longer does (when nobody else owns them), merges, and records the manager's field set.
 */
export function serverSideApply(
  live: KubeObject | undefined,
  applied: JsonObject,
  options: { manager: string; force: boolean; apiVersion: string },
): ApplyResult {
  const appliedFields = fieldSetOf(applied);
  const entries = live?.metadata.managedFields ?? [];
  const conflicts: StatusCause[] = [];
  const others: ManagedFieldsEntry[] = [];
  let previous: FieldSet = {};

  for (const entry of entries) {
    if (entry.manager === options.manager && entry.operation === 'Apply' && !entry.subresource) {
      previous = entry.fieldsV1 as FieldSet;
      continue;
    }
    if (entry.subresource) {
      others.push(entry);
      continue;
    }
    const owned = entry.fieldsV1 as FieldSet;
    const lost: FieldSet = {};
    forEachLeaf(appliedFields, (segments) => {
      if (segments[segments.length - 1] === '.' || !covers(owned, segments)) return;
      if (jsonEqual(valueAt(live, segments), valueAt(applied, segments))) return;
      if (options.force) {
        let node = lost;
        for (const segment of segments) node = node[segment] ??= {};
      } else {
        conflicts.push({
          reason: 'FieldManagerConflict',
          message: `conflict with "${entry.manager}"${entry.operation === 'Update' ? ` using ${entry.apiVersion}` : ''}`,
          field: segmentsToFieldPath(segments),
        });
      }
    });
    const remaining = subtract(owned, lost);
    if (!isEmpty(remaining)) others.push({ ...entry, fieldsV1: remaining });
  }
  if (conflicts.length > 0) throw new ApplyConflictError(conflicts);

  const ownedByOthers = others.reduce<FieldSet>((set, entry) => union(set, entry.fieldsV1 as FieldSet), {});
  const released = subtract(subtract(previous, appliedFields), ownedByOthers);
  const base = live ? removeFields(live, released, ownedByOthers) : undefined;
  const object = merge(base as JsonValue | undefined, applied, []);
  // Merging into an applied object whose metadata was checked cannot lose it.
  if (!isKubeObject(object)) throw new Error('server-side apply merged into something that is not an object');
  return {
    object,
    managedFields: [...others, managerEntry(options.manager, 'Apply', options.apiVersion, appliedFields)],
  };
}

function merge(live: JsonValue | undefined, applied: JsonValue, path: string[]): JsonValue {
  if (isJsonObject(applied) && isJsonObject(live) && !isAtomicStruct(path)) {
    const result: JsonObject = { ...live };
    for (const [key, value] of Object.entries(applied)) {
      if (value !== undefined) result[key] = merge(live[key], value, [...path, key]);
    }
    return result;
  }
  if (Array.isArray(applied) && Array.isArray(live)) {
    const semantics = listSemantics(path);
    if (semantics.type === 'set')
      return [...live, ...applied.filter((item) => !live.some((existing) => jsonEqual(existing, item)))];
    if (semantics.type === 'map') {
      const result = [...live];
      for (const item of applied) {
        const index = result.findIndex((existing) => itemMatchesKeys(existing, item, semantics.keys));
        if (index >= 0) result[index] = merge(result[index], item, path);
        else result.push(item);
      }
      return result;
    }
  }
  return applied;
}

/**
 * The object without the released fields. Only the containers along a removed path are copied; the
 * rest stays shared with the live object, which is never mutated.
 */
function removeFields(target: JsonValue | undefined, released: FieldSet, keep: FieldSet): JsonValue | undefined {
  let result = target;
  for (const [segment, child] of Object.entries(released)) {
    const leaf = isEmpty(child);
    const kind = segment.slice(0, 2);
    const rest = segment.slice(2);
    if (kind === 'f:' && isJsonObject(result)) {
      if (!(rest in result)) continue;
      const copy: JsonObject = result === target ? { ...result } : result;
      if (leaf) delete copy[rest];
      else copy[rest] = removeFields(copy[rest], child, keep[segment] ?? {});
      result = copy;
    } else if (kind === 'k:' && Array.isArray(result)) {
      const probe = JSON.parse(rest) as JsonObject;
      const index = result.findIndex((item) => itemMatchesKeys(item, probe, Object.keys(probe)));
      if (index < 0) continue;
      const copy = result === target ? [...result] : result;
      // The item goes only if this manager owned it and nobody else owns anything inside it.
      if ('.' in child && keep[segment] === undefined) copy.splice(index, 1);
      else copy[index] = removeFields(copy[index], child, keep[segment] ?? {}) as JsonValue;
      result = copy;
    } else if (kind === 'v:' && Array.isArray(result)) {
      const member = JSON.parse(rest) as JsonValue;
      const index = result.findIndex((item) => jsonEqual(item, member));
      if (index < 0) continue;
      const copy = result === target ? [...result] : result;
      copy.splice(index, 1);
      result = copy;
    }
  }
  return result;
}
