import { JsonObject, JsonValue, isJsonObject } from '../api/types';
import { jsonEqual } from '../patch/json-equal';
import { isAtomicStruct, itemMatchesKeys, listSemantics } from '../patch/list-semantics';

/**
 * A set of field paths in the API server's FieldsV1 encoding: "f:<field>" for struct/map fields,
 * "k:{json}" for items of associative lists, "v:<json>" for set members, "." for an item itself.
 * A node with no children is a leaf (owned as a whole).
 */
export type FieldSet = { [segment: string]: FieldSet };

/** Fields the server owns: never part of any manager's set. */
const UNTRACKED_TOP = new Set(['apiVersion', 'kind', 'status']);
const UNTRACKED_METADATA = new Set([
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'managedFields',
  'selfLink',
]);

function keySegment(item: JsonObject, keys: string[]): string {
  const probe: JsonObject = {};
  for (const key of [...keys].sort()) if (item[key] !== undefined) probe[key] = item[key];
  return `k:${JSON.stringify(probe)}`;
}

/** Every field set in the given object (an applied configuration or a whole live object). */
export function fieldSetOf(object: JsonObject): FieldSet {
  const set: FieldSet = {};
  for (const [key, value] of Object.entries(object)) {
    if (UNTRACKED_TOP.has(key) || value === undefined) continue;
    if (key === 'metadata' && isJsonObject(value)) {
      const metadata: FieldSet = {};
      for (const [field, child] of Object.entries(value)) {
        if (!UNTRACKED_METADATA.has(field) && child !== undefined)
          metadata[`f:${field}`] = valueFields(child, ['metadata', field]);
      }
      if (Object.keys(metadata).length > 0) set['f:metadata'] = metadata;
    } else set[`f:${key}`] = valueFields(value, [key]);
  }
  return set;
}

function valueFields(value: JsonValue, path: string[]): FieldSet {
  if (isJsonObject(value)) {
    if (isAtomicStruct(path)) return {};
    const set: FieldSet = {};
    for (const [key, child] of Object.entries(value)) {
      if (child !== undefined) set[`f:${key}`] = valueFields(child, [...path, key]);
    }
    return set;
  }
  if (Array.isArray(value)) {
    const semantics = listSemantics(path);
    if (semantics.type === 'atomic') return {};
    const set: FieldSet = {};
    for (const item of value) {
      if (semantics.type === 'set') set[`v:${JSON.stringify(item)}`] = {};
      else if (isJsonObject(item)) set[keySegment(item, semantics.keys)] = { '.': {}, ...valueFields(item, path) };
    }
    return set;
  }
  return {};
}

/** The value at a field path, or undefined when absent. "." addresses the list item itself. */
export function valueAt(root: JsonValue | undefined, segments: string[]): JsonValue | undefined {
  let current = root;
  for (const segment of segments) {
    if (current === undefined || segment === '.') return current;
    const kind = segment.slice(0, 2);
    const rest = segment.slice(2);
    if (kind === 'f:') current = isJsonObject(current) ? current[rest] : undefined;
    else if (kind === 'k:') {
      const probe = JSON.parse(rest) as JsonObject;
      current = Array.isArray(current)
        ? current.find((item) => itemMatchesKeys(item, probe, Object.keys(probe)))
        : undefined;
    } else if (kind === 'v:') {
      const member = JSON.parse(rest) as JsonValue;
      current = Array.isArray(current) && current.some((item) => jsonEqual(item, member)) ? member : undefined;
    } else return undefined;
  }
  return current;
}

export function forEachLeaf(set: FieldSet, visit: (segments: string[]) => void, prefix: string[] = []): void {
  for (const [segment, child] of Object.entries(set)) {
    const path = [...prefix, segment];
    if (Object.keys(child).length === 0) visit(path);
    else forEachLeaf(child, visit, path);
  }
}

export function union(left: FieldSet, right: FieldSet): FieldSet {
  const result: FieldSet = { ...left };
  for (const [segment, child] of Object.entries(right)) {
    result[segment] = segment in result ? union(result[segment], child) : child;
  }
  return result;
}

/** Fields of left not owned by right. Owning a leaf owns everything beneath it. */
export function subtract(left: FieldSet, right: FieldSet): FieldSet {
  const result: FieldSet = {};
  for (const [segment, child] of Object.entries(left)) {
    const other = right[segment];
    if (other === undefined) result[segment] = child;
    else if (Object.keys(other).length > 0 && Object.keys(child).length > 0) {
      const rest = subtract(child, other);
      if (Object.keys(rest).length > 0) result[segment] = rest;
    }
  }
  return result;
}

/** Whether the set has a node at the path (or owns an ancestor of it as a leaf). */
export function covers(set: FieldSet, segments: string[]): boolean {
  let current: FieldSet | undefined = set;
  for (const segment of segments) {
    if (Object.keys(current).length === 0) return true;
    current = current[segment];
    if (current === undefined) return false;
  }
  return true;
}

export function isEmpty(set: FieldSet): boolean {
  return Object.keys(set).length === 0;
}

/** A path as the API server prints it in conflicts: .spec.containers[name="web"].image, .finalizers[="a"]. */
export function segmentsToFieldPath(segments: string[]): string {
  return segments
    .filter((segment) => segment !== '.')
    .map((segment) => {
      const rest = segment.slice(2);
      if (segment.startsWith('f:')) return `.${rest}`;
      if (segment.startsWith('v:')) return `[=${rest}]`;
      const keys = Object.entries(JSON.parse(rest) as JsonObject).map(
        ([key, value]) => `${key}=${JSON.stringify(value)}`,
      );
      return `[${keys.join(',')}]`;
    })
    .join('');
}
