import { FieldPath } from '../../common/field-path';
import { JsonObject, JsonValue, isJsonObject } from '@fleetplane/objects';
import { ObjectChecker } from '../object-checker';

/**
 * Checks a custom resource against the parts of its structural schema that catch most mistakes
 * (type, required, enum, properties, items). Formats, patterns and CEL rules stay with the API server.
 */
export function checkAgainstSchema(
  check: ObjectChecker,
  schema: JsonObject,
  path: FieldPath,
  skipProperties: readonly string[] = [],
): void {
  const value = check.get(path);
  if (value === undefined || value === null) return;
  if (!matchesType(schema['type'], value, schema['x-kubernetes-int-or-string'] === true)) {
    check.fail(path, `must be of type ${String(schema['type'])}`);
    return;
  }
  const allowed = schema['enum'];
  if (Array.isArray(allowed) && !allowed.some((option) => JSON.stringify(option) === JSON.stringify(value))) {
    check.fail(
      path,
      `unsupported value ${JSON.stringify(value)}: must be one of ${allowed.map((option) => JSON.stringify(option)).join(', ')}`,
    );
  }
  if (isJsonObject(value)) checkObject(check, schema, value, path, skipProperties);
  const items = schema['items'];
  if (Array.isArray(value) && isJsonObject(items)) {
    value.forEach((_, index) => checkAgainstSchema(check, items, [...path, index]));
  }
}

function checkObject(
  check: ObjectChecker,
  schema: JsonObject,
  value: JsonObject,
  path: FieldPath,
  skip: readonly string[],
): void {
  const required = schema['required'];
  if (Array.isArray(required)) {
    for (const field of required) {
      if (typeof field === 'string' && !skip.includes(field) && value[field] === undefined)
        check.fail([...path, field], 'is required');
    }
  }
  const properties = schema['properties'];
  if (isJsonObject(properties)) {
    for (const [field, propertySchema] of Object.entries(properties)) {
      if (!skip.includes(field) && isJsonObject(propertySchema))
        checkAgainstSchema(check, propertySchema, [...path, field]);
    }
  }
  const additional = schema['additionalProperties'];
  if (isJsonObject(additional)) {
    for (const field of Object.keys(value)) {
      if (!isJsonObject(properties) || !Object.hasOwn(properties, field))
        checkAgainstSchema(check, additional, [...path, field]);
    }
  }
}

function matchesType(type: JsonValue | undefined, value: JsonValue, intOrString: boolean): boolean {
  if (intOrString) return typeof value === 'string' || Number.isInteger(value);
  switch (type) {
    case 'object':
      return isJsonObject(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    default:
      return true;
  }
}
