import { JsonObject, JsonValue } from '../api/types';

/**
 * Structural sharing between versions of an object: returns `next` with every subtree that equals the
 * corresponding subtree of `reference` replaced by the reference's own (and `reference` itself when
 * the whole value is equal), so the versions kept in the store and in the watch history cost only
 * what changed. Stored values are never mutated, which is what makes sharing them safe.
 *
 * Objects of `next` are updated in place, so `next` must be freshly built; a subtree it shares with
 * other stored objects is only ever given equal values, so sharing it stays correct. Key order of
 * `reference` wins for equal objects, which JSON consumers do not observe.
 */
export function shareUnchanged<T extends JsonValue>(reference: JsonValue | undefined, next: T): T {
  return share(reference, next) as T;
}

function share(reference: JsonValue | undefined, next: JsonValue): JsonValue {
  if (reference === next || typeof next !== 'object' || next === null) return next;
  if (typeof reference !== 'object' || reference === null) return next;
  if (Array.isArray(next)) {
    if (!Array.isArray(reference)) return next;
    let same = reference.length === next.length;
    for (let index = 0; index < next.length; index++) {
      const shared = share(reference[index], next[index]);
      if (shared !== next[index]) next[index] = shared;
      if (shared !== reference[index]) same = false;
    }
    return same ? reference : next;
  }
  if (Array.isArray(reference)) return next;
  return shareObject(reference, next);
}

function shareObject(reference: JsonObject, next: JsonObject): JsonObject {
  let same = true;
  let keys = 0;
  for (const key in next) {
    const value = next[key];
    if (value === undefined) continue;
    keys++;
    const shared = share(reference[key], value);
    if (shared !== value) next[key] = shared;
    if (shared !== reference[key]) same = false;
  }
  if (!same) return next;
  for (const key in reference) if (reference[key] !== undefined) keys--;
  return keys === 0 ? reference : next;
}

/**
 * Whether two objects have the same fields apart from `ignore`, comparing values by reference: after
 * shareUnchanged, equal subtrees are the same reference, so this is a deep comparison at shallow cost.
 */
export function sameFieldsExcept(left: JsonObject, right: JsonObject, ignore: ReadonlySet<string>): boolean {
  let keys = 0;
  for (const key in left) {
    if (ignore.has(key) || left[key] === undefined) continue;
    if (left[key] !== right[key]) return false;
    keys++;
  }
  for (const key in right) if (!ignore.has(key) && right[key] !== undefined) keys--;
  return keys === 0;
}
