import { formatFieldPath, labelSelectorIssues } from '@fleetplane/fanout';
import type { LabelSelector } from '@fleetplane/fanout';
import type { BindingScope, WorkloadSelection } from '@fleetplane/bindings';
import type { FieldError } from '@fleetplane/http';
import { ServiceCloud } from '@fleetplane/providers';
import { bindingErrors } from './bindings.errors';
import type { BindingCredentialDto, BindingScopeDto, WorkloadSelectionDto } from './dto/binding.dto';

const SCOPE_FIELDS = ['cluster', 'selector', 'region', 'cloud', 'environment'] as const;

/** The scope of a request, checked once at the edge: exactly the field its level needs. */
export function scopeOf(dto: BindingScopeDto): BindingScope {
  const needed: Record<BindingScope['level'], (typeof SCOPE_FIELDS)[number] | undefined> = {
    cluster: 'cluster',
    labels: 'selector',
    region: 'region',
    cloud: 'cloud',
    environment: 'environment',
    default: undefined,
  };
  const want = needed[dto.level];
  const problems: FieldError[] = [];
  for (const field of SCOPE_FIELDS) {
    if (field === want && dto[field] === undefined)
      problems.push({ field: `scope.${field}`, message: `is required for level ${dto.level}` });
    if (field !== want && dto[field] !== undefined)
      problems.push({ field: `scope.${field}`, message: `is not allowed for level ${dto.level}` });
  }
  if (dto.selector) problems.push(...selectorProblems(dto.selector, 'scope.selector'));
  if (problems.length > 0) throw bindingErrors.invalidInput(problems);
  switch (dto.level) {
    case 'cluster':
      return { level: 'cluster', cluster: dto.cluster ?? '' };
    case 'labels':
      return { level: 'labels', selector: dto.selector ?? {} };
    case 'region':
      return { level: 'region', region: dto.region ?? '' };
    case 'cloud':
      return { level: 'cloud', cloud: cloudValue(dto.cloud) };
    case 'environment':
      return { level: 'environment', environment: dto.environment ?? '' };
    case 'default':
      return { level: 'default' };
  }
}

export function workloadsOf(dto: WorkloadSelectionDto | undefined): WorkloadSelection {
  if (!dto) return { type: 'all' };
  const problems: FieldError[] = [];
  if (dto.type !== 'names' && dto.names !== undefined)
    problems.push({ field: 'workloads.names', message: `is not allowed for type ${dto.type}` });
  if (dto.type !== 'labels' && dto.selector !== undefined)
    problems.push({ field: 'workloads.selector', message: `is not allowed for type ${dto.type}` });
  if (dto.type === 'names' && (dto.names ?? []).length === 0)
    problems.push({ field: 'workloads.names', message: 'must name at least one workload' });
  if (dto.type === 'labels' && dto.selector === undefined)
    problems.push({ field: 'workloads.selector', message: 'is required for type labels' });
  if (dto.selector) problems.push(...selectorProblems(dto.selector, 'workloads.selector'));
  if (problems.length > 0) throw bindingErrors.invalidInput(problems);
  if (dto.type === 'names')
    return { type: 'names', names: (dto.names ?? []).map(({ kind, name }) => ({ kind, name })) };
  if (dto.type === 'labels') return { type: 'labels', selector: dto.selector ?? {} };
  return { type: 'all' };
}

/** The credential part of a request, its shape checked; its values never leave the service that stores them. */
export type CredentialInput =
  | { type: 'stored'; fields: Record<string, string>; expiresAt?: string }
  | { type: 'cloud-secret'; reference: string }
  | { type: 'none' };

export function credentialOf(dto: BindingCredentialDto | undefined): CredentialInput {
  if (!dto) return { type: 'none' };
  const problems: FieldError[] = [];
  const allowed: Record<CredentialInput['type'], string[]> = {
    stored: ['fields', 'expiresAt'],
    'cloud-secret': ['reference'],
    none: [],
  };
  for (const field of ['fields', 'expiresAt', 'reference'] as const) {
    if (dto[field] !== undefined && !allowed[dto.type].includes(field))
      problems.push({ field: `credential.${field}`, message: `is not allowed for type ${dto.type}` });
  }
  if (dto.type === 'stored') {
    const fields = dto.fields;
    if (!fields || Object.keys(fields).length === 0)
      problems.push({ field: 'credential.fields', message: 'is required for type stored' });
    for (const [key, value] of Object.entries(fields ?? {})) {
      if (!/^[-._a-zA-Z0-9]{1,253}$/.test(key))
        problems.push({ field: `credential.fields.${key}`, message: 'must be a Secret key' });
      else if (typeof value !== 'string' || value.length > 65_536)
        problems.push({ field: `credential.fields.${key}`, message: 'must be a string of at most 65536 characters' });
    }
  }
  if (dto.type === 'cloud-secret' && !dto.reference)
    problems.push({ field: 'credential.reference', message: 'is required for type cloud-secret' });
  if (problems.length > 0) throw bindingErrors.invalidInput(problems);
  if (dto.type === 'stored')
    return { type: 'stored', fields: dto.fields ?? {}, ...(dto.expiresAt ? { expiresAt: dto.expiresAt } : {}) };
  if (dto.type === 'cloud-secret') return { type: 'cloud-secret', reference: dto.reference ?? '' };
  return { type: 'none' };
}

function selectorProblems(selector: LabelSelector, at: string): FieldError[] {
  return labelSelectorIssues(selector).map((issue) => ({
    field: `${at}.${formatFieldPath(issue.path)}`,
    message: issue.message,
  }));
}

function cloudValue(cloud: string | undefined): ServiceCloud {
  if (cloud === 'aws' || cloud === 'gcp' || cloud === 'azure') return cloud;
  throw bindingErrors.invalidInput([{ field: 'scope.cloud', message: 'must be aws, gcp or azure' }]);
}
