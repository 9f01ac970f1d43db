// Name rules as k8s.io/apimachinery/pkg/util/validation applies them.
const dns1123LabelPattern = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dns1123SubdomainPattern = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const dns1035LabelPattern = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const qualifiedNamePattern = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const labelValuePattern = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const configMapKeyPattern = /^[-._a-zA-Z0-9]+$/;

export type NameRule = 'dns1123-label' | 'dns1123-subdomain' | 'dns1035-label';

/** Returns why `name` breaks `rule`, or undefined when it is valid. */
export function nameViolation(name: string, rule: NameRule): string | undefined {
  switch (rule) {
    case 'dns1123-label':
      if (name.length > 63) return 'must be no more than 63 characters';
      return dns1123LabelPattern.test(name)
        ? undefined
        : 'must be a DNS-1123 label: lower case alphanumeric characters or "-", starting and ending with an alphanumeric character';
    case 'dns1123-subdomain':
      if (name.length > 253) return 'must be no more than 253 characters';
      return dns1123SubdomainPattern.test(name)
        ? undefined
        : 'must be a DNS-1123 subdomain: lower case alphanumeric characters, "-" or ".", starting and ending with an alphanumeric character';
    case 'dns1035-label':
      if (name.length > 63) return 'must be no more than 63 characters';
      return dns1035LabelPattern.test(name)
        ? undefined
        : 'must be a DNS-1035 label: lower case alphanumeric characters or "-", starting with a letter and ending with an alphanumeric character';
  }
}

/** Which part of a label or annotation key breaks the rule, and why. */
export interface QualifiedNameIssue {
  part: 'prefix' | 'name';
  problem: string;
}

/** Label and annotation keys: an optional DNS subdomain prefix, a slash, and a name of at most 63 characters. */
export function qualifiedNameIssue(key: string): QualifiedNameIssue | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (prefix !== undefined) {
    const problem = prefix === '' ? 'must not be empty' : nameViolation(prefix, 'dns1123-subdomain');
    if (problem !== undefined) return { part: 'prefix', problem };
  }
  const problem = qualifiedNamePartViolation(name);
  return problem === undefined ? undefined : { part: 'name', problem };
}

/** {@link qualifiedNameIssue} as one sentence. */
export function qualifiedNameViolation(key: string): string | undefined {
  const issue = qualifiedNameIssue(key);
  if (issue === undefined) return undefined;
  return issue.part === 'prefix' ? `prefix ${issue.problem}` : issue.problem;
}

function qualifiedNamePartViolation(name: string): string | undefined {
  if (name.length === 0) return 'name part must not be empty';
  if (name.length > 63) return 'name part must be no more than 63 characters';
  return qualifiedNamePattern.test(name)
    ? undefined
    : 'name part must consist of alphanumeric characters, "-", "_" or ".", and must start and end with an alphanumeric character';
}

export function labelValueViolation(value: string): string | undefined {
  if (value.length > 63) return 'must be no more than 63 characters';
  return labelValuePattern.test(value)
    ? undefined
    : 'must be empty or consist of alphanumeric characters, "-", "_" or ".", starting and ending with an alphanumeric character';
}

export function configMapKeyViolation(key: string): string | undefined {
  if (key.length > 253) return 'must be no more than 253 characters';
  if (key === '.' || key.startsWith('..')) return 'must not be "." or start with ".."';
  return configMapKeyPattern.test(key) ? undefined : 'must consist of alphanumeric characters, "-", "_" or "."';
}

/** Container and Service port names follow IANA service-name syntax (RFC 6335), not DNS rules. */
export function portNameViolation(name: string): string | undefined {
  if (name.length > 15) return 'must be no more than 15 characters';
  if (!/^[-a-z0-9]+$/.test(name)) return 'must contain only lower case alphanumeric characters or "-"';
  if (!/[a-z]/.test(name)) return 'must contain at least one letter';
  if (name.includes('--')) return 'must not contain consecutive hyphens';
  if (name.startsWith('-') || name.endsWith('-')) return 'must not begin or end with a hyphen';
  return undefined;
}
