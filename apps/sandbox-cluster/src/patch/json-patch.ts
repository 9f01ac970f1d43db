import { Operation, applyPatch } from 'fast-json-patch';
import { JsonObject, JsonValue, isJsonObject } from '../api/types';
import { PatchError } from './patch-error';

const RFC_6902_OPS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);

/** RFC 6902 JSON patch. Operations apply to a copy; a failed "test" or bad path rejects the whole patch. */
export function applyJsonPatch(target: JsonObject, operations: JsonValue): JsonObject {
  if (!Array.isArray(operations)) throw new PatchError('json patch must be an array of operations');
  const checked = operationsOf(operations);
  try {
    return applyPatch(structuredClone(target), checked, true, false).newDocument;
  } catch (error) {
    throw new PatchError((error as Error).message.split('\n')[0]);
  }
}

function operationsOf(values: readonly JsonValue[]): Operation[] {
  return values.map((value, index) => {
    if (!isOperation(value)) throw new PatchError(`json patch operation ${index} has no RFC 6902 op or no path`);
    return value;
  });
}

/** The op and path are checked here; fast-json-patch validates each op's own members (value, from) as it applies. */
function isOperation(value: unknown): value is Operation {
  return (
    isJsonObject(value) && typeof value.op === 'string' && RFC_6902_OPS.has(value.op) && typeof value.path === 'string'
  );
}
