import { matchesLabelSelector } from '../common/label-selector';
import { ClusterCandidate } from '../placement/cluster-candidate';
import { ObjectOverride, OverrideScope, overridePrecedence } from './override-spec';

export function scopeMatches(scope: OverrideScope, cluster: ClusterCandidate): boolean {
  switch (scope.level) {
    case 'cloud':
      return cluster.cloud === scope.cloud;
    case 'region':
      return cluster.region === scope.region;
    case 'label':
      return matchesLabelSelector(scope.selector, cluster.labels);
    case 'cluster':
      return cluster.name === scope.cluster || cluster.id === scope.cluster;
  }
}

export interface IndexedOverride {
  /** Position in the deployment's override list; errors point here. */
  index: number;
  override: ObjectOverride;
}

/** Overrides for one cluster in application order: cloud < region < label < cluster, then list order. */
export function overridesFor(overrides: readonly ObjectOverride[], cluster: ClusterCandidate): IndexedOverride[] {
  return overrides
    .map((override, index) => ({ index, override }))
    .filter(({ override }) => scopeMatches(override.scope, cluster))
    .sort(
      (a, b) =>
        overridePrecedence[a.override.scope.level] - overridePrecedence[b.override.scope.level] || a.index - b.index,
    );
}
