import { LabelSelector, describeLabelSelector, matchesLabelSelector } from '@fleetplane/fanout';
import type { BindingScope, BindingScopeLevel, ClusterView } from './binding-model';
import { SCOPE_LEVELS } from './binding-model';

/** 0 for the most specific level (cluster), up to 5 for `default`. */
export function specificity(scope: BindingScope): number {
  return SCOPE_LEVELS.indexOf(scope.level);
}

export function scopeMatches(scope: BindingScope, cluster: ClusterView): boolean {
  switch (scope.level) {
    case 'cluster':
      return scope.cluster === cluster.name;
    case 'labels':
      return matchesLabelSelector(scope.selector, cluster.labels);
    case 'region':
      return scope.region === cluster.region;
    case 'cloud':
      return scope.cloud === cluster.cloud;
    case 'environment':
      return scope.environment === cluster.environment;
    case 'default':
      return true;
  }
}

/**
 * The scope in canonical text: equal scopes have equal keys, so one binding name has at most one binding
 * per scope. Label selectors are keyed by their requirements sorted, so key order does not matter.
 */
export function scopeKey(scope: BindingScope): string {
  switch (scope.level) {
    case 'cluster':
      return `cluster:${scope.cluster}`;
    case 'labels':
      return `labels:${canonicalSelector(scope.selector)}`;
    case 'region':
      return `region:${scope.region}`;
    case 'cloud':
      return `cloud:${scope.cloud}`;
    case 'environment':
      return `environment:${scope.environment}`;
    case 'default':
      return 'default';
  }
}

/** For people: `cluster prod-use1`, `labels tier=gold`, `default`. */
export function describeScope(scope: BindingScope): string {
  switch (scope.level) {
    case 'labels':
      return `labels ${describeLabelSelector(scope.selector)}`;
    case 'default':
      return 'default';
    default:
      return `${scope.level} ${scopeValue(scope)}`;
  }
}

function scopeValue(scope: Exclude<BindingScope, { level: 'labels' | 'default' }>): string {
  switch (scope.level) {
    case 'cluster':
      return scope.cluster;
    case 'region':
      return scope.region;
    case 'cloud':
      return scope.cloud;
    case 'environment':
      return scope.environment;
  }
}

function canonicalSelector(selector: LabelSelector): string {
  const parts = Object.entries(selector.matchLabels ?? {}).map(([key, value]) => `${key}=${value}`);
  for (const requirement of selector.matchExpressions ?? []) {
    const values = [...new Set(requirement.values ?? [])].sort().join(',');
    parts.push(`${requirement.key} ${requirement.operator} (${values})`);
  }
  return [...new Set(parts)].sort().join(';');
}

export type { BindingScopeLevel };
