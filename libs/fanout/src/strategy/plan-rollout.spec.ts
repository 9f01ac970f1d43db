import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aCluster, multicloudFleet } from '../testing/cluster.factory';
import { planRollout } from './plan-rollout';
import { RolloutPlan, WavesStrategy } from './rollout-strategy';
import { StrategyError } from './strategy.errors';

const fleet = multicloudFleet().filter((cluster) => cluster.environment === 'prod');
const nameOf = new Map(fleet.map((cluster) => [cluster.id, cluster.name]));
const waveNames = (plan: RolloutPlan): string[][] =>
  plan.waves.map((wave) => wave.clusterIds.map((id) => nameOf.get(id) ?? id));

const canaryThenOnePerCloud: WavesStrategy = {
  type: 'Waves',
  waves: [
    { name: 'canary', select: { selector: { matchLabels: { tier: 'canary' } } }, after: { type: 'approval' } },
    { name: 'one-per-cloud', perDomain: { topologyKey: 'cloud', count: 1 }, failureThreshold: { maxFailures: 1 } },
  ],
  gateBetweenWaves: { type: 'pause', seconds: 300 },
  maxConcurrency: 2,
  failureThreshold: { maxFailedPercent: 50 },
  rollbackOnHalt: true,
};

function refusal(strategy: Parameters<typeof planRollout>[0], clusters = fleet): StrategyError {
  try {
    planRollout(strategy, clusters);
  } catch (error) {
    if (error instanceof StrategyError) return error;
    throw error;
  }
  assert.fail('expected the strategy to be refused');
}

describe('planRollout', () => {
  it('puts every cluster in one wave for all-at-once, with bounded concurrency', () => {
    const plan = planRollout({ type: 'AllAtOnce', maxConcurrency: 3 }, fleet);
    assert.equal(plan.waves.length, 1);
    assert.equal(plan.waves[0].clusterIds.length, fleet.length);
    assert.equal(plan.waves[0].maxConcurrency, 3);
    assert.equal(plan.waves[0].allowedFailures, 0);
    assert.equal(plan.rollbackOnHalt, false);
  });

  it('plans a canary, then one cluster per cloud, then the rest as a remainder wave', () => {
    const plan = planRollout(canaryThenOnePerCloud, fleet);
    assert.deepEqual(
      plan.waves.map((wave) => wave.name),
      ['canary', 'one-per-cloud', 'remainder'],
    );
    assert.deepEqual(waveNames(plan), [
      ['eks-canary'],
      ['aks-eu-1', 'eks-eu-1', 'gke-eu-1'],
      ['aks-us-1', 'eks-us-1', 'gke-us-1'],
    ]);
  });

  it('places every cluster in exactly one wave', () => {
    const all = planRollout(canaryThenOnePerCloud, fleet).waves.flatMap((wave) => wave.clusterIds);
    assert.deepEqual([...all].sort(), fleet.map((cluster) => cluster.id).sort());
  });

  it('resolves gates, thresholds and concurrency from the wave first, then the strategy', () => {
    const [canary, perCloud, remainder] = planRollout(canaryThenOnePerCloud, fleet).waves;
    assert.deepEqual(canary.gateAfter, { type: 'approval' });
    assert.deepEqual(perCloud.gateAfter, { type: 'pause', seconds: 300 });
    assert.deepEqual(remainder.gateAfter, { type: 'none' });
    assert.equal(perCloud.allowedFailures, 1);
    assert.equal(remainder.allowedFailures, 1, '50% of 3, rounded down');
    assert.equal(canary.allowedFailures, 0, '50% of 1, rounded down');
    assert.equal(perCloud.maxConcurrency, 2);
  });

  it('has no remainder wave when the declared waves take every cluster', () => {
    const plan = planRollout(
      {
        type: 'Waves',
        waves: [{ name: 'eu', select: { regions: ['eu-west-1', 'europe-west1', 'westeurope'] } }, { name: 'rest' }],
      },
      fleet,
    );
    assert.deepEqual(
      plan.waves.map((wave) => wave.name),
      ['eu', 'rest'],
    );
    assert.equal(plan.waves[1].maxConcurrency, 3, 'a wave without a limit runs all its clusters at once');
  });

  it('refuses a wave that selects nothing, and says why', () => {
    const error = refusal({ type: 'Waves', waves: [{ name: 'canary', select: { clusters: ['eks-canary-2'] } }] });
    assert.equal(error.code, 'STRATEGY_WAVE_EMPTY');
    assert.match(
      error.message,
      /wave "canary" selects no cluster: clusters \[eks-canary-2\] matched none of the 7 placed clusters/,
    );
    const taken = refusal({
      type: 'Waves',
      waves: [
        { name: 'aws', select: { clouds: ['aws'] } },
        { name: 'aws-again', select: { clouds: ['aws'] } },
      ],
    });
    assert.match(taken.message, /taken by an earlier wave/);
  });

  it('refuses invalid strategies with field paths', () => {
    const error = refusal({
      type: 'Waves',
      waves: [
        { name: 'a', maxClusters: 0, failureThreshold: { maxFailedPercent: 150 } },
        { name: 'a', select: { selector: { matchExpressions: [{ key: 'tier', operator: 'Exists', values: ['x'] }] } } },
      ],
      maxUnavailableClusters: 0,
    });
    assert.equal(error.code, 'STRATEGY_INVALID');
    assert.deepEqual(
      error.details.map((detail) => detail.path),
      [
        'maxUnavailableClusters',
        'waves[0].maxClusters',
        'waves[0].failureThreshold.maxFailedPercent',
        'waves[1].name',
        'waves[1].select.selector.matchExpressions[0].values',
      ],
    );
  });

  it('refuses all-at-once without a concurrency bound', () => {
    assert.equal(
      refusal({ type: 'AllAtOnce', maxConcurrency: 0 }, [aCluster('a').build()]).details[0].path,
      'maxConcurrency',
    );
  });
});
