import { JsonObject, JsonValue, KubeObject, isJsonObject } from '../api/types';

type Requirement =
  | { key: string; operator: 'eq' | 'neq'; value: string }
  | { key: string; operator: 'in' | 'notin'; values: string[] }
  | { key: string; operator: 'exists' | 'doesnotexist' };

export type LabelSelector = Requirement[];

export class SelectorError extends Error {}

/** Splits on commas that are not inside a parenthesised value set. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts.map((part) => part.trim()).filter((part) => part.length > 0);
}

/** Parses the labelSelector query syntax: equality (=, ==, !=) and set-based (in, notin, key, !key). */
export function parseLabelSelector(text: string | null | undefined): LabelSelector {
  if (!text) return [];
  return splitTopLevel(text).map((part): Requirement => {
    const setMatch = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(part);
    if (setMatch) {
      const values = setMatch[3]
        .split(',')
        .map((value) => value.trim())
        .filter(Boolean);
      return { key: setMatch[1], operator: setMatch[2] as 'in' | 'notin', values };
    }
    const equality = /^([\w./-]+)\s*(==|=|!=)\s*([\w.-]*)$/.exec(part);
    if (equality) return { key: equality[1], operator: equality[2] === '!=' ? 'neq' : 'eq', value: equality[3] };
    const absence = /^!\s*([\w./-]+)$/.exec(part);
    if (absence) return { key: absence[1], operator: 'doesnotexist' };
    if (/^[\w./-]+$/.test(part)) return { key: part, operator: 'exists' };
    throw new SelectorError(`unable to parse requirement: ${part}`);
  });
}

export function matchesLabels(selector: LabelSelector, labels: Record<string, string> | undefined): boolean {
  return selector.every((requirement) => {
    const value = labels?.[requirement.key];
    switch (requirement.operator) {
      case 'eq':
        return value === requirement.value;
      case 'neq':
        return value !== requirement.value;
      case 'in':
        return value !== undefined && requirement.values.includes(value);
      case 'notin':
        return value === undefined || !requirement.values.includes(value);
      case 'exists':
        return value !== undefined;
      case 'doesnotexist':
        return value === undefined;
    }
  });
}

interface FieldRequirement {
  path: string;
  equal: boolean;
  value: string;
}

const SUPPORTED_FIELDS = new Set([
  'metadata.name',
  'metadata.namespace',
  'status.phase',
  'spec.nodeName',
  // Event fields, which kubectl events --for selects by.
  'involvedObject.kind',
  'involvedObject.name',
  'involvedObject.namespace',
  'involvedObject.uid',
  'involvedObject.apiVersion',
  'reason',
  'type',
]);

/** Parses fieldSelector: metadata.name / metadata.namespace (and a few pod fields), with =, == and !=. */
export function parseFieldSelector(text: string | null | undefined): FieldRequirement[] {
  if (!text) return [];
  return text.split(',').map((part) => {
    const match = /^([\w.]+)\s*(==|=|!=)\s*(.*)$/.exec(part.trim());
    if (!match) throw new SelectorError(`invalid selector: '${text}'; can't understand '${part}'`);
    if (!SUPPORTED_FIELDS.has(match[1])) {
      throw new SelectorError(`field label not supported: ${match[1]}`);
    }
    return { path: match[1], equal: match[2] !== '!=', value: match[3] };
  });
}

function fieldValue(object: KubeObject, path: string): string {
  let current: unknown = object;
  for (const segment of path.split('.')) {
    current =
      typeof current === 'object' && current !== null ? (current as Record<string, unknown>)[segment] : undefined;
  }
  return current === undefined || current === null ? '' : String(current);
}

export function matchesFields(requirements: FieldRequirement[], object: KubeObject): boolean {
  return requirements.every(
    (requirement) => (fieldValue(object, requirement.path) === requirement.value) === requirement.equal,
  );
}

/**
 * Converts a metav1.LabelSelector (matchLabels/matchExpressions) as a request sent it into the query form's
 * requirements. A label value or an expression of the wrong JSON type becomes a requirement no object
 * meets, as no label can equal it.
 */
export function fromLabelSelectorObject(selector: JsonObject): LabelSelector {
  const requirements: LabelSelector = [];
  const matchLabels = isJsonObject(selector.matchLabels) ? selector.matchLabels : {};
  for (const [key, value] of Object.entries(matchLabels))
    requirements.push(typeof value === 'string' ? { key, operator: 'eq', value } : unsatisfiable(key));
  const expressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  for (const expression of expressions) {
    if (!isJsonObject(expression) || typeof expression.key !== 'string' || typeof expression.operator !== 'string') {
      requirements.push(unsatisfiable(''));
      continue;
    }
    const operator = expression.operator.toLowerCase();
    if (operator === 'in' || operator === 'notin') {
      requirements.push({ key: expression.key, operator, values: stringsOf(expression.values) });
    } else if (operator === 'exists' || operator === 'doesnotexist') {
      requirements.push({ key: expression.key, operator });
    }
  }
  return requirements;
}

function unsatisfiable(key: string): Requirement {
  return { key, operator: 'in', values: [] };
}

function stringsOf(value: JsonValue | undefined): string[] {
  return Array.isArray(value) ? value.filter((each) => typeof each === 'string') : [];
}
