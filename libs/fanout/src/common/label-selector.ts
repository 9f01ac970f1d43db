import { FieldPath } from './field-path';
import { labelValueViolation, qualifiedNameViolation } from './names';

export type SelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface LabelSelectorRequirement {
  key: string;
  operator: SelectorOperator;
  values?: string[];
}

/** A Kubernetes label selector; all requirements are ANDed, and an empty selector matches everything. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export interface SelectorIssue {
  path: FieldPath;
  message: string;
}

const operators: readonly SelectorOperator[] = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/** Applies the rules of metav1validation.ValidateLabelSelector; `path` prefixes every issue. */
export function labelSelectorIssues(selector: LabelSelector, path: FieldPath = []): SelectorIssue[] {
  const issues: SelectorIssue[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    const keyProblem = qualifiedNameViolation(key);
    if (keyProblem !== undefined)
      issues.push({ path: [...path, 'matchLabels', key], message: `invalid key: ${keyProblem}` });
    const valueProblem = typeof value === 'string' ? labelValueViolation(value) : 'must be a string';
    if (valueProblem !== undefined)
      issues.push({ path: [...path, 'matchLabels', key], message: `invalid value: ${valueProblem}` });
  }
  (selector.matchExpressions ?? []).forEach((requirement, index) => {
    const at = [...path, 'matchExpressions', index];
    const keyProblem = typeof requirement.key === 'string' ? qualifiedNameViolation(requirement.key) : 'is required';
    if (keyProblem !== undefined) issues.push({ path: [...at, 'key'], message: `invalid key: ${keyProblem}` });
    const values = requirement.values ?? [];
    if (!operators.includes(requirement.operator)) {
      issues.push({ path: [...at, 'operator'], message: `must be one of ${operators.join(', ')}` });
    } else if ((requirement.operator === 'In' || requirement.operator === 'NotIn') && values.length === 0) {
      issues.push({ path: [...at, 'values'], message: `must be non-empty when operator is ${requirement.operator}` });
    } else if ((requirement.operator === 'Exists' || requirement.operator === 'DoesNotExist') && values.length > 0) {
      issues.push({ path: [...at, 'values'], message: `must be empty when operator is ${requirement.operator}` });
    }
    values.forEach((value, valueIndex) => {
      const problem = typeof value === 'string' ? labelValueViolation(value) : 'must be a string';
      if (problem !== undefined)
        issues.push({ path: [...at, 'values', valueIndex], message: `invalid value: ${problem}` });
    });
  });
  return issues;
}

export function matchesLabelSelector(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  return (selector.matchExpressions ?? []).every((requirement) => {
    const has = Object.hasOwn(labels, requirement.key);
    const values = requirement.values ?? [];
    switch (requirement.operator) {
      case 'In':
        return has && values.includes(labels[requirement.key]);
      case 'NotIn':
        return !has || !values.includes(labels[requirement.key]);
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
    }
  });
}

export function isEmptySelector(selector: LabelSelector): boolean {
  return Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
}

export function describeLabelSelector(selector: LabelSelector): string {
  const parts = Object.entries(selector.matchLabels ?? {}).map(([key, value]) => `${key}=${value}`);
  for (const requirement of selector.matchExpressions ?? []) {
    const values = `(${(requirement.values ?? []).join(',')})`;
    if (requirement.operator === 'In') parts.push(`${requirement.key} in ${values}`);
    else if (requirement.operator === 'NotIn') parts.push(`${requirement.key} notin ${values}`);
    else if (requirement.operator === 'Exists') parts.push(requirement.key);
    else parts.push(`!${requirement.key}`);
  }
  return parts.length === 0 ? '(everything)' : parts.join(',');
}
