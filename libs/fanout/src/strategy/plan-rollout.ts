import { describeLabelSelector, matchesLabelSelector } from '../common/label-selector';
import { ClusterCandidate, compareClusters } from '../placement/cluster-candidate';
import { domainOf } from '../placement/topology';
import {
  FailureThreshold,
  PlannedWave,
  RolloutPlan,
  RolloutStrategy,
  WaveGate,
  WaveSelector,
  WaveSpec,
} from './rollout-strategy';
import { strategyIssues } from './strategy-issues';
import { StrategyError } from './strategy.errors';

const noGate: WaveGate = { type: 'none' };

/**
 * Resolves a strategy against the placed clusters. Waves take clusters in order, each cluster lands in
 * exactly one wave, and whatever no wave took forms a final `remainder` wave. A declared wave that takes
 * nothing is an error: a canary wave that silently vanished would defeat its purpose.
 */
export function planRollout(strategy: RolloutStrategy, clusters: readonly ClusterCandidate[]): RolloutPlan {
  const issues = strategyIssues(strategy);
  if (issues.length > 0)
    throw new StrategyError('STRATEGY_INVALID', `invalid strategy: ${issues[0].path} ${issues[0].message}`, issues);
  const ordered = [...clusters].sort(compareClusters);
  const common = {
    maxUnavailableClusters: strategy.maxUnavailableClusters,
    rollbackOnHalt: strategy.rollbackOnHalt ?? false,
  };

  if (strategy.type === 'AllAtOnce') {
    const wave = plannedWave(0, 'all', ordered, strategy.maxConcurrency, strategy.failureThreshold, noGate);
    return { ...common, waves: [wave], rollbackConcurrency: strategy.maxConcurrency };
  }

  const remaining = [...ordered];
  const waves: PlannedWave[] = strategy.waves.map((spec, index) => {
    const taken = takeForWave(spec, remaining);
    if (taken.length === 0) {
      const why = ordered.some((cluster) => matchesWave(spec.select, cluster))
        ? 'every matching cluster was taken by an earlier wave'
        : `${describeSelect(spec.select)} matched none of the ${ordered.length} placed clusters`;
      throw new StrategyError('STRATEGY_WAVE_EMPTY', `wave "${spec.name}" selects no cluster: ${why}`, [
        { path: `waves[${index}].select`, message: why },
      ]);
    }
    for (const cluster of taken) remaining.splice(remaining.indexOf(cluster), 1);
    const gate = spec.after ?? strategy.gateBetweenWaves ?? noGate;
    return plannedWave(
      index,
      spec.name,
      taken,
      spec.maxConcurrency ?? strategy.maxConcurrency,
      spec.failureThreshold ?? strategy.failureThreshold,
      gate,
    );
  });
  if (remaining.length > 0) {
    waves.push(
      plannedWave(waves.length, 'remainder', remaining, strategy.maxConcurrency, strategy.failureThreshold, noGate),
    );
  }
  // No gate after the last wave: nothing follows it.
  waves[waves.length - 1].gateAfter = noGate;
  const rollbackConcurrency = Math.max(...waves.map((wave) => wave.maxConcurrency));
  return { ...common, waves, rollbackConcurrency };
}

function plannedWave(
  index: number,
  name: string,
  clusters: readonly ClusterCandidate[],
  maxConcurrency: number | undefined,
  threshold: FailureThreshold | undefined,
  gateAfter: WaveGate,
): PlannedWave {
  return {
    index,
    name,
    clusterIds: clusters.map((cluster) => cluster.id),
    maxConcurrency: maxConcurrency ?? Math.max(1, clusters.length),
    allowedFailures: allowedFailures(threshold, clusters.length),
    gateAfter,
  };
}

export function allowedFailures(threshold: FailureThreshold | undefined, size: number): number {
  if (threshold === undefined) return 0;
  if ('maxFailures' in threshold) return threshold.maxFailures;
  return Math.floor((size * threshold.maxFailedPercent) / 100);
}

function takeForWave(spec: WaveSpec, remaining: readonly ClusterCandidate[]): ClusterCandidate[] {
  const matching = remaining.filter((cluster) => matchesWave(spec.select, cluster));
  let taken = matching;
  const perDomain = spec.perDomain;
  if (perDomain !== undefined) {
    const counts = new Map<string, number>();
    taken = matching.filter((cluster) => {
      const domain = domainOf(cluster, perDomain.topologyKey);
      if (domain === undefined) return false;
      const count = counts.get(domain) ?? 0;
      if (count >= perDomain.count) return false;
      counts.set(domain, count + 1);
      return true;
    });
  }
  return spec.maxClusters === undefined ? taken : taken.slice(0, spec.maxClusters);
}

function matchesWave(select: WaveSelector | undefined, cluster: ClusterCandidate): boolean {
  if (select === undefined) return true;
  if (select.clusters !== undefined && !select.clusters.includes(cluster.name) && !select.clusters.includes(cluster.id))
    return false;
  if (select.selector !== undefined && !matchesLabelSelector(select.selector, cluster.labels)) return false;
  if (select.clouds !== undefined && !select.clouds.includes(cluster.cloud)) return false;
  if (select.regions !== undefined && !select.regions.includes(cluster.region)) return false;
  return select.environments === undefined || select.environments.includes(cluster.environment);
}

function describeSelect(select: WaveSelector | undefined): string {
  if (select === undefined) return 'the wave';
  const parts: string[] = [];
  if (select.clusters !== undefined) parts.push(`clusters [${select.clusters.join(', ')}]`);
  if (select.selector !== undefined) parts.push(`selector ${describeLabelSelector(select.selector)}`);
  if (select.clouds !== undefined) parts.push(`clouds [${select.clouds.join(', ')}]`);
  if (select.regions !== undefined) parts.push(`regions [${select.regions.join(', ')}]`);
  if (select.environments !== undefined) parts.push(`environments [${select.environments.join(', ')}]`);
  return parts.join(' and ') || 'the wave';
}
