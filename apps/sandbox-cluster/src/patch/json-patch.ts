import { Operation, applyPatch } from 'fast-json-patch';
import { JsonObject, JsonValue } from '../api/types';
import { PatchError } from './patch-error';

/** RFC 6902 JSON patch. Operations apply to a copy; a failed "test" or bad path rejects the whole patch. */
export function applyJsonPatch(target: JsonObject, operations: JsonValue): JsonObject {
  if (!Array.isArray(operations)) throw new PatchError('json patch must be an array of operations');
  try {
    return applyPatch(structuredClone(target), operations as unknown as Operation[], true, false).newDocument;
  } catch (error) {
    throw new PatchError((error as Error).message.split('\n')[0]);
  }
}
