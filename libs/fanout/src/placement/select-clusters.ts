import { describeLabelSelector, matchesLabelSelector } from '../common/label-selector';
import { ClusterCandidate, ClusterHealth, compareClusters } from './cluster-candidate';
import { clusterWeights } from './cluster-weights';
import { ExcludedCluster, PlacementDecision, PlacementStep } from './placement-decision';
import { PlacementSpec, SpreadConstraint, defaultAllowedHealth } from './placement-spec';
import { placementSpecIssues } from './placement-spec-issues';
import { PlacementConstraint, PlacementError } from './placement.errors';
import { chooseWithinLimit, spreadShortfalls } from './spread';

/**
 * Chooses the clusters a deployment goes to. Filters run in a fixed order (explicit list, selector, cloud,
 * region, environment, health, cordon, spread, maxClusters) and the first one that leaves nothing is named
 * in the PlacementError, together with what every earlier filter left.
 */
export function selectClusters(spec: PlacementSpec, candidates: readonly ClusterCandidate[]): PlacementDecision {
  const issues = placementSpecIssues(spec);
  if (issues.length > 0)
    throw new PlacementError(
      'PLACEMENT_INVALID',
      'spec',
      `invalid placement: ${issues[0].path} ${issues[0].message}`,
      issues,
    );

  const steps: PlacementStep[] = [];
  let current = [...candidates].sort(compareClusters);
  const record = (constraint: PlacementConstraint, description: string, excluded: ExcludedCluster[]): void => {
    steps.push({ constraint, description, remaining: current.length, excluded });
    if (current.length === 0) throw emptyPlacement(constraint, steps);
  };
  const keep = (
    constraint: PlacementConstraint,
    description: string,
    reasonToExclude: (cluster: ClusterCandidate) => string | undefined,
  ): void => {
    const excluded: ExcludedCluster[] = [];
    current = current.filter((cluster) => {
      const reason = reasonToExclude(cluster);
      if (reason !== undefined) excluded.push({ name: cluster.name, reason });
      return reason === undefined;
    });
    record(constraint, description, excluded);
  };

  record('candidates', `${current.length} registered clusters`, []);
  if (spec.clusters !== undefined) {
    const wanted = spec.clusters;
    const unknown = wanted.filter(
      (entry) => !candidates.some((cluster) => cluster.name === entry || cluster.id === entry),
    );
    if (unknown.length > 0) {
      throw new PlacementError(
        'PLACEMENT_INVALID',
        'clusters',
        `unknown clusters: ${unknown.join(', ')}`,
        unknown.map((entry) => ({
          path: `clusters[${wanted.indexOf(entry)}]`,
          message: `cluster "${entry}" is not registered`,
        })),
      );
    }
    keep('clusters', `explicit list [${wanted.join(', ')}]`, (cluster) =>
      wanted.includes(cluster.name) || wanted.includes(cluster.id) ? undefined : 'not listed',
    );
  }
  const selector = spec.selector;
  if (selector !== undefined) {
    keep('selector', `selector ${describeLabelSelector(selector)}`, (cluster) =>
      matchesLabelSelector(selector, cluster.labels) ? undefined : 'labels do not match',
    );
  }
  keepIn('clouds', spec.clouds, (cluster) => cluster.cloud);
  keepIn('regions', spec.regions, (cluster) => cluster.region);
  keepIn('environments', spec.environments, (cluster) => cluster.environment);
  const matched = current;

  const allowed: readonly ClusterHealth[] = spec.allowedHealth ?? defaultAllowedHealth;
  keep('health', `health filter (allowed: ${allowed.join(', ')})`, (cluster) =>
    allowed.includes(cluster.health) ? undefined : cluster.health,
  );
  keep('cordon', 'cordon filter', (cluster) => (cluster.cordoned ? 'cordoned' : undefined));

  const spread: readonly SpreadConstraint[] = spec.spread ?? [];
  const shortfalls = spreadShortfalls(spread, matched, current, steps);
  if (shortfalls.length > 0) {
    throw new PlacementError(
      'PLACEMENT_SPREAD_UNSATISFIED',
      'spread',
      `${narrate(steps)}; ${shortfalls[0].message}`,
      shortfalls,
    );
  }
  if (spec.maxClusters !== undefined) {
    const before = current;
    current = chooseWithinLimit(spread, current, spec.maxClusters);
    record(
      'maxClusters',
      `maxClusters ${spec.maxClusters}`,
      before
        .filter((cluster) => !current.includes(cluster))
        .map((cluster) => ({ name: cluster.name, reason: 'over maxClusters' })),
    );
  }

  const policy = spec.replicas ?? { mode: 'duplicate' };
  if (policy.mode === 'duplicate') {
    return { replicaMode: 'duplicate', clusters: current.map((cluster) => ({ cluster, weight: 1 })), steps };
  }
  const weights = clusterWeights(policy.weights, current);
  if (weights.every((weight) => weight === 0)) {
    throw new PlacementError(
      'PLACEMENT_INVALID',
      'replicas',
      'every selected cluster has weight 0, so no replica could be placed',
      [{ path: 'replicas.weights', message: `weights are 0 for ${current.map((cluster) => cluster.name).join(', ')}` }],
    );
  }
  return {
    replicaMode: 'divide',
    clusters: current.map((cluster, index) => ({ cluster, weight: weights[index] })),
    steps,
  };

  function keepIn(
    constraint: PlacementConstraint,
    allowedValues: readonly string[] | undefined,
    valueOf: (cluster: ClusterCandidate) => string,
  ): void {
    if (allowedValues === undefined) return;
    keep(constraint, `${constraint} [${allowedValues.join(', ')}]`, (cluster) =>
      allowedValues.includes(valueOf(cluster)) ? undefined : `${constraint.slice(0, -1)} ${valueOf(cluster)}`,
    );
  }
}

const listedExclusions = 10;

function describeExclusions(excluded: readonly ExcludedCluster[]): string {
  const listed = excluded.slice(0, listedExclusions).map((entry) => `${entry.name} ${entry.reason}`);
  if (excluded.length > listedExclusions) listed.push(`and ${excluded.length - listedExclusions} more`);
  return listed.join(', ');
}

/** "5 registered clusters; selector env=prod left 3; health filter (...) left 0: a Unreachable, b Unknown" */
function narrate(steps: readonly PlacementStep[]): string {
  return steps
    .map((step, index) => {
      if (index === 0) return step.description;
      const detail = step.remaining === 0 && step.excluded.length > 0 ? `: ${describeExclusions(step.excluded)}` : '';
      return `${step.description} left ${step.remaining}${detail}`;
    })
    .join('; ');
}

function emptyPlacement(constraint: PlacementConstraint, steps: readonly PlacementStep[]): PlacementError {
  const last = steps[steps.length - 1];
  const message = constraint === 'candidates' ? 'no cluster is registered' : narrate(steps);
  return new PlacementError('PLACEMENT_EMPTY', constraint, `placement selects no cluster: ${message}`, [
    {
      path: constraint === 'candidates' ? '' : constraint,
      message: `${last.description} left no cluster${last.excluded.length > 0 ? ` (${describeExclusions(last.excluded)})` : ''}`,
    },
  ]);
}
