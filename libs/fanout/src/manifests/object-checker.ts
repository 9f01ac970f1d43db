import { FieldPath } from '../common/field-path';
import { JsonObject, JsonValue, isJsonObject } from '@fleetplane/objects';
import {
  LabelSelector,
  LabelSelectorRequirement,
  SelectorOperator,
  labelSelectorIssues,
} from '../common/label-selector';
import {
  NameRule,
  labelValueViolation,
  nameViolation,
  portNameViolation,
  qualifiedNameViolation,
} from '../common/names';

export interface ObjectIssue {
  path: FieldPath;
  message: string;
}

export function valueAt(root: JsonValue, path: FieldPath): JsonValue | undefined {
  let current: JsonValue | undefined = root;
  for (const segment of path) {
    if (typeof segment === 'number') current = Array.isArray(current) ? current[segment] : undefined;
    else current = isJsonObject(current) ? current[segment] : undefined;
    if (current === undefined) return undefined;
  }
  return current;
}

/**
 * Reads typed fields of one object and records every problem instead of stopping at the first,
 * so a user fixes a manifest in one round trip.
 */
export class ObjectChecker {
  readonly issues: ObjectIssue[] = [];

  constructor(readonly root: JsonObject) {}

  fail(path: FieldPath, message: string): void {
    this.issues.push({ path, message });
  }

  get(path: FieldPath): JsonValue | undefined {
    return valueAt(this.root, path);
  }

  string(path: FieldPath, required = false): string | undefined {
    const value = this.present(path, required);
    if (value === undefined) return undefined;
    if (typeof value === 'string') {
      if (required && value === '') this.fail(path, 'is required');
      return value;
    }
    this.fail(path, 'must be a string');
    return undefined;
  }

  object(path: FieldPath, required = false): JsonObject | undefined {
    const value = this.present(path, required);
    if (value === undefined) return undefined;
    if (isJsonObject(value)) return value;
    this.fail(path, 'must be an object');
    return undefined;
  }

  array(path: FieldPath, required = false): JsonValue[] | undefined {
    const value = this.present(path, required);
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) {
      this.fail(path, 'must be a list');
      return undefined;
    }
    if (required && value.length === 0) this.fail(path, 'must contain at least one item');
    return value;
  }

  integer(path: FieldPath, bounds: { min?: number; max?: number; required?: boolean } = {}): number | undefined {
    const value = this.present(path, bounds.required ?? false);
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      this.fail(path, 'must be an integer');
      return undefined;
    }
    if (bounds.min !== undefined && value < bounds.min)
      this.fail(path, `must be greater than or equal to ${bounds.min}`);
    if (bounds.max !== undefined && value > bounds.max) this.fail(path, `must be less than or equal to ${bounds.max}`);
    return value;
  }

  boolean(path: FieldPath): boolean | undefined {
    const value = this.get(path);
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'boolean') return value;
    this.fail(path, 'must be a boolean');
    return undefined;
  }

  oneOf<T extends string>(path: FieldPath, allowed: readonly T[], required = false): T | undefined {
    const value = this.string(path, required);
    if (value === undefined || value === '') return undefined;
    const match = allowed.find((candidate) => candidate === value);
    if (match === undefined) this.fail(path, `unsupported value "${value}": must be one of ${allowed.join(', ')}`);
    return match;
  }

  name(path: FieldPath, rule: NameRule, required = false): string | undefined {
    const value = this.string(path, required);
    if (value === undefined || value === '') return value;
    const violation = nameViolation(value, rule);
    if (violation !== undefined) this.fail(path, `invalid value "${value}": ${violation}`);
    return value;
  }

  /** Validates a map of labels (keys qualified names, values label values). */
  labels(path: FieldPath): Record<string, string> | undefined {
    const labels = this.stringMap(path);
    if (labels === undefined) return undefined;
    for (const [key, value] of Object.entries(labels)) {
      const keyProblem = qualifiedNameViolation(key);
      if (keyProblem !== undefined) this.fail([...path, key], `invalid label key: ${keyProblem}`);
      const valueProblem = labelValueViolation(value);
      if (valueProblem !== undefined) this.fail([...path, key], `invalid label value "${value}": ${valueProblem}`);
    }
    return labels;
  }

  stringMap(path: FieldPath): Record<string, string> | undefined {
    const map = this.object(path);
    if (map === undefined) return undefined;
    const strings: Record<string, string> = {};
    for (const [key, value] of Object.entries(map)) {
      if (typeof value === 'string') strings[key] = value;
      else this.fail([...path, key], 'must be a string');
    }
    return strings;
  }

  port(path: FieldPath, required = false): number | undefined {
    return this.integer(path, { min: 1, max: 65535, required });
  }

  /** int-or-string fields such as a Service targetPort or an Ingress backend port. */
  portOrName(path: FieldPath, required = false): void {
    const value = this.present(path, required);
    if (value === undefined) return;
    if (typeof value === 'number') this.port(path);
    else if (typeof value === 'string') this.portName(path);
    else this.fail(path, 'must be a port number or a port name');
  }

  portName(path: FieldPath, required = false): string | undefined {
    const value = this.string(path, required);
    if (value === undefined || value === '') return value;
    const violation = portNameViolation(value);
    if (violation !== undefined) this.fail(path, `invalid port name "${value}": ${violation}`);
    return value;
  }

  labelSelector(path: FieldPath, required = false): LabelSelector | undefined {
    const raw = this.object(path, required);
    if (raw === undefined) return undefined;
    const selector: LabelSelector = {};
    const matchLabels = this.stringMap([...path, 'matchLabels']);
    if (matchLabels !== undefined) selector.matchLabels = matchLabels;
    const expressions = this.array([...path, 'matchExpressions']);
    if (expressions !== undefined) {
      selector.matchExpressions = expressions.flatMap((_, index): LabelSelectorRequirement[] => {
        const at = [...path, 'matchExpressions', index];
        const key = this.string([...at, 'key'], true);
        const operator = this.string([...at, 'operator'], true);
        const values = (this.array([...at, 'values']) ?? []).filter(
          (value): value is string => typeof value === 'string',
        );
        if (key === undefined || operator === undefined) return [];
        return [{ key, operator: operator as SelectorOperator, values }];
      });
    }
    for (const issue of labelSelectorIssues(selector, path)) this.fail(issue.path, issue.message);
    return selector;
  }

  private present(path: FieldPath, required: boolean): JsonValue | undefined {
    const value = this.get(path);
    if (value === undefined || value === null) {
      if (required) this.fail(path, 'is required');
      return undefined;
    }
    return value;
  }
}
