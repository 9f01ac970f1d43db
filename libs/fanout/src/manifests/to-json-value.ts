import { FieldPath } from '../common/field-path';
import { JsonObject, JsonValue } from '@fleetplane/objects';

export interface NonJsonValue {
  path: FieldPath;
  message: string;
}

/** Narrows a parsed value to JSON, reporting values Kubernetes could not receive (NaN, binary, undefined...). */
export function toJsonValue(value: unknown, path: FieldPath, problems: NonJsonValue[]): JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    problems.push({ path, message: `${value} is not representable in JSON` });
    return null;
  }
  if (Array.isArray(value)) return value.map((item, index) => toJsonValue(item, [...path, index], problems));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const result: JsonObject = {};
    for (const [key, item] of Object.entries(value)) result[key] = toJsonValue(item, [...path, key], problems);
    return result;
  }
  problems.push({
    path,
    message: `unsupported value of type ${value === undefined ? 'undefined' : value.constructor.name}`,
  });
  return null;
}
