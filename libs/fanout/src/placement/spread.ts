import { ErrorDetail } from '../common/fanout-error';
import { ClusterCandidate, ClusterHealth } from './cluster-candidate';
import { PlacementStep } from './placement-decision';
import { SpreadConstraint } from './placement-spec';
import { PlacementError } from './placement.errors';
import { domainOf } from './topology';

/**
 * Domains are those of the clusters the selection filters matched, before health and cordon: a spread over
 * clouds is a promise to be on every matched cloud, so losing one cloud's clusters must fail, not shrink it.
 */
export function spreadShortfalls(
  constraints: readonly SpreadConstraint[],
  matched: readonly ClusterCandidate[],
  eligible: readonly ClusterCandidate[],
  steps: readonly PlacementStep[],
): ErrorDetail[] {
  const reasonFor = new Map(steps.flatMap((step) => step.excluded.map((entry) => [entry.name, entry.reason] as const)));
  return constraints.flatMap((constraint, index) =>
    domainsOf(constraint, matched).flatMap((domain): ErrorDetail[] => {
      const inDomain = eligible.filter((cluster) => domainOf(cluster, constraint.topologyKey) === domain);
      if (inDomain.length >= constraint.minPerDomain) return [];
      const lost = matched
        .filter((cluster) => domainOf(cluster, constraint.topologyKey) === domain && !eligible.includes(cluster))
        .map((cluster) => `${cluster.name} ${reasonFor.get(cluster.name) ?? 'excluded'}`);
      return [
        {
          path: `spread[${index}]`,
          message: `spread ${constraint.topologyKey} minPerDomain ${constraint.minPerDomain}: ${constraint.topologyKey} "${domain}" has ${inDomain.length} eligible clusters${lost.length > 0 ? ` (${lost.join(', ')})` : ''}`,
        },
      ];
    }),
  );
}

const healthRank: Readonly<Record<ClusterHealth, number>> = {
  Healthy: 0,
  Degraded: 1,
  Unknown: 2,
  CredentialError: 3,
  Unreachable: 4,
};

/**
 * Picks at most `limit` clusters: first the minimum each spread domain needs, then the healthiest of the
 * rest by name. Greedy, so overlapping constraints may need a larger limit than the true minimum.
 */
export function chooseWithinLimit(
  constraints: readonly SpreadConstraint[],
  eligible: readonly ClusterCandidate[],
  limit: number,
): ClusterCandidate[] {
  const preferred = [...eligible].sort((a, b) => healthRank[a.health] - healthRank[b.health]);
  const chosen = new Set<ClusterCandidate>();
  for (const constraint of constraints) {
    for (const domain of domainsOf(constraint, eligible)) {
      const inDomain = preferred.filter((cluster) => domainOf(cluster, constraint.topologyKey) === domain);
      let count = inDomain.filter((cluster) => chosen.has(cluster)).length;
      for (const cluster of inDomain) {
        if (count >= constraint.minPerDomain) break;
        if (!chosen.has(cluster)) {
          chosen.add(cluster);
          count += 1;
        }
      }
    }
  }
  if (chosen.size > limit) {
    throw new PlacementError(
      'PLACEMENT_SPREAD_UNSATISFIED',
      'maxClusters',
      `spread constraints need at least ${chosen.size} clusters but maxClusters is ${limit}`,
      [{ path: 'maxClusters', message: `must be at least ${chosen.size} to satisfy the spread constraints` }],
    );
  }
  for (const cluster of preferred) {
    if (chosen.size >= limit) break;
    chosen.add(cluster);
  }
  return eligible.filter((cluster) => chosen.has(cluster));
}

function domainsOf(constraint: SpreadConstraint, clusters: readonly ClusterCandidate[]): string[] {
  const domains = new Set<string>();
  for (const cluster of clusters) {
    const domain = domainOf(cluster, constraint.topologyKey);
    if (domain !== undefined) domains.add(domain);
  }
  return [...domains].sort();
}
