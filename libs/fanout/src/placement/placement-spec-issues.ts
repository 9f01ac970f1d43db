import { ErrorDetail } from '../common/fanout-error';
import { formatFieldPath } from '../common/field-path';
import { shapeIssues } from '../common/json-shape';
import { placementShape } from '../common/spec-shapes';
import { labelSelectorIssues } from '../common/label-selector';
import { clusterHealthValues } from './cluster-candidate';
import { PlacementSpec, WeightSource } from './placement-spec';
import { isTopologyKey } from './topology';

/** Structural problems of a placement spec, independent of which clusters exist. */
export function placementSpecIssues(spec: PlacementSpec): ErrorDetail[] {
  const shaped = shapeIssues(spec, placementShape);
  if (shaped.length > 0) return shaped;
  const issues: ErrorDetail[] = [];
  const add = (path: string, message: string): void => {
    issues.push({ path, message });
  };
  if (spec.selector !== undefined) {
    for (const issue of labelSelectorIssues(spec.selector, ['selector']))
      add(formatFieldPath(issue.path), issue.message);
  }
  spec.clusters?.forEach((name, index) => {
    if (name === '') add(`clusters[${index}]`, 'must not be empty');
    else if (spec.clusters?.indexOf(name) !== index) add(`clusters[${index}]`, `duplicate cluster "${name}"`);
  });
  spec.allowedHealth?.forEach((health, index) => {
    if (!clusterHealthValues.includes(health))
      add(`allowedHealth[${index}]`, `must be one of ${clusterHealthValues.join(', ')}`);
  });
  if (spec.allowedHealth !== undefined && spec.allowedHealth.length === 0)
    add('allowedHealth', 'must allow at least one health state');
  if (spec.maxClusters !== undefined && !(Number.isInteger(spec.maxClusters) && spec.maxClusters >= 1)) {
    add('maxClusters', 'must be an integer of at least 1');
  }
  spec.spread?.forEach((constraint, index) => {
    if (!isTopologyKey(constraint.topologyKey)) {
      add(`spread[${index}].topologyKey`, 'must be cloud, region, environment or label:<key>');
    }
    if (!(Number.isInteger(constraint.minPerDomain) && constraint.minPerDomain >= 1)) {
      add(`spread[${index}].minPerDomain`, 'must be an integer of at least 1');
    }
  });
  if (spec.replicas?.mode === 'divide') issues.push(...weightIssues(spec.replicas.weights));
  return issues;
}

function weightIssues(source: WeightSource): ErrorDetail[] {
  const path = 'replicas.weights';
  const badWeight = (weight: number): boolean => !Number.isFinite(weight) || weight < 0;
  switch (source.by) {
    case 'equal':
    case 'capacity':
      return [];
    case 'label':
    case 'cluster': {
      const issues = Object.entries(source.weights)
        .filter(([, weight]) => badWeight(weight))
        .map(([key]) => ({ path: `${path}.weights[${JSON.stringify(key)}]`, message: 'must be a finite number >= 0' }));
      if (source.defaultWeight !== undefined && badWeight(source.defaultWeight)) {
        issues.push({ path: `${path}.defaultWeight`, message: 'must be a finite number >= 0' });
      }
      if (source.by === 'label' && source.labelKey === '')
        issues.push({ path: `${path}.labelKey`, message: 'is required' });
      return issues;
    }
    default:
      return [{ path: `${path}.by`, message: 'must be equal, label, cluster or capacity' }];
  }
}
