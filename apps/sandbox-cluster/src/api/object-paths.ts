import { JsonObject, JsonValue, isJsonObject } from './types';

/** Reads a dotted path such as "spec.replicas". */
export function getPath(root: JsonValue | undefined, path: string): JsonValue | undefined {
  let current = root;
  for (const segment of path.split('.')) current = isJsonObject(current) ? current[segment] : undefined;
  return current;
}

/** Writes a dotted path in a mutable object, creating intermediate objects. */
export function setPath(root: JsonObject, path: string, value: JsonValue): void {
  const segments = path.split('.');
  let current = root;
  for (const segment of segments.slice(0, -1)) {
    if (!isJsonObject(current[segment])) current[segment] = {};
    current = current[segment] as JsonObject;
  }
  current[segments[segments.length - 1]] = value;
}

/** A metav1.LabelSelector rendered in query form, as the scale subresource reports it. */
export function selectorToString(selector: JsonValue | undefined): string {
  if (!isJsonObject(selector)) return '';
  const parts: string[] = [];
  if (isJsonObject(selector.matchLabels)) {
    for (const [key, value] of Object.entries(selector.matchLabels)) parts.push(`${key}=${String(value)}`);
  }
  if (Array.isArray(selector.matchExpressions)) {
    for (const expression of selector.matchExpressions) {
      if (!isJsonObject(expression)) continue;
      const values = Array.isArray(expression.values) ? expression.values.join(',') : '';
      const operator = String(expression.operator);
      if (operator === 'In') parts.push(`${String(expression.key)} in (${values})`);
      else if (operator === 'NotIn') parts.push(`${String(expression.key)} notin (${values})`);
      else if (operator === 'Exists') parts.push(String(expression.key));
      else if (operator === 'DoesNotExist') parts.push(`!${String(expression.key)}`);
    }
  }
  return parts.join(',');
}
