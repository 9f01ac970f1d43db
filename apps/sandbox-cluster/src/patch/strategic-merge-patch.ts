import { JsonObject, JsonValue, isJsonObject } from '../api/types';
import { itemMatchesKeys, isAtomicStruct, listSemantics } from './list-semantics';
import { PatchError } from './patch-error';

const SET_ELEMENT_ORDER = '$setElementOrder/';
const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList/';

/**
 * Kubernetes strategic merge patch: like a merge patch, but lists with a merge key (containers by
 * name, ports by port, ...) merge item by item, and the $patch / $setElementOrder /
 * $deleteFromPrimitiveList / $retainKeys directives kubectl emits are honoured.
 */
export function applyStrategicMergePatch(target: JsonObject, patch: JsonValue): JsonObject {
  if (!isJsonObject(patch)) throw new PatchError('strategic merge patch must be a JSON object');
  return mergeObject(target, patch, []) as JsonObject;
}

function mergeObject(target: JsonValue | undefined, patch: JsonObject, path: string[]): JsonValue | undefined {
  if (patch.$patch === 'delete') return undefined;
  if (patch.$patch === 'replace') return withoutDirectives(patch);
  let result: JsonObject = isJsonObject(target) ? { ...target } : {};
  if (Array.isArray(patch.$retainKeys)) {
    const retained = new Set(patch.$retainKeys as string[]);
    result = Object.fromEntries(Object.entries(result).filter(([key]) => retained.has(key)));
  }
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$') || value === undefined) continue;
    const childPath = [...path, key];
    if (value === null) delete result[key];
    else if (Array.isArray(value)) result[key] = mergeList(result[key], value, childPath);
    else if (isJsonObject(value) && !isAtomicStruct(childPath)) {
      const merged = mergeObject(result[key], value, childPath);
      if (merged === undefined) delete result[key];
      else result[key] = merged;
    } else result[key] = value;
  }
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST) && Array.isArray(value)) {
      const field = key.slice(DELETE_FROM_PRIMITIVE_LIST.length);
      const current = result[field];
      if (Array.isArray(current)) result[field] = current.filter((item) => !value.includes(item));
    }
  }
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith(SET_ELEMENT_ORDER) && Array.isArray(value)) {
      const field = key.slice(SET_ELEMENT_ORDER.length);
      const current = result[field];
      if (Array.isArray(current)) result[field] = reorder(current, value, [...path, field]);
    }
  }
  return result;
}

function mergeList(target: JsonValue | undefined, patch: JsonValue[], path: string[]): JsonValue[] {
  const semantics = listSemantics(path);
  const current = Array.isArray(target) ? target : [];
  if (semantics.type === 'atomic') return patch;
  if (semantics.type === 'set') return [...current, ...patch.filter((item) => !current.includes(item))];
  if (patch.some((item) => isJsonObject(item) && item.$patch === 'replace')) {
    return patch.filter((item) => !(isJsonObject(item) && item.$patch === 'replace')).map(stripDirectives);
  }
  const result = [...current];
  for (const item of patch) {
    if (!isJsonObject(item)) continue;
    const index = result.findIndex((existing) => itemMatchesKeys(existing, item, semantics.keys));
    if (item.$patch === 'delete') {
      if (index >= 0) result.splice(index, 1);
      continue;
    }
    const merged = mergeObject(index >= 0 ? result[index] : undefined, item, path);
    if (merged === undefined) continue;
    if (index >= 0) result[index] = merged;
    else result.push(merged);
  }
  return result;
}

/** $setElementOrder lists the merge keys of every item in the wanted order. */
function reorder(list: JsonValue[], order: JsonValue[], path: string[]): JsonValue[] {
  const semantics = listSemantics(path);
  const matches = (item: JsonValue, probe: JsonValue): boolean =>
    semantics.type === 'map' ? itemMatchesKeys(item, probe, semantics.keys) : item === probe;
  const ordered = order.flatMap((probe) => list.filter((item) => matches(item, probe)));
  const rest = list.filter((item) => !ordered.includes(item));
  return [...ordered, ...rest];
}

function withoutDirectives(object: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(object).filter(([key]) => !key.startsWith('$')));
}

function stripDirectives(value: JsonValue): JsonValue {
  return isJsonObject(value) ? withoutDirectives(value) : value;
}
