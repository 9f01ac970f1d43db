import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { multicloudFleet } from '../testing/cluster.factory';
import { aSnapshot } from '../testing/rollout.factory';
import { decideNext } from './decide-next';
import { planRollout } from './plan-rollout';
import { WavesStrategy } from './rollout-strategy';

const fleet = multicloudFleet().filter((cluster) => cluster.environment === 'prod');
const id = (name: string): string => `id-${name}`;

const strategy: WavesStrategy = {
  type: 'Waves',
  waves: [
    { name: 'canary', select: { selector: { matchLabels: { tier: 'canary' } } }, after: { type: 'approval' } },
    {
      name: 'one-per-cloud',
      perDomain: { topologyKey: 'cloud', count: 1 },
      maxConcurrency: 2,
      after: { type: 'pause', seconds: 300 },
    },
  ],
  rollbackOnHalt: true,
};
const plan = planRollout(strategy, fleet);
const [canary, perCloud, remainder] = plan.waves;
const noRollbackPlan = planRollout({ ...strategy, rollbackOnHalt: false }, fleet);

describe('decideNext', () => {
  it('starts a pending deployment', () => {
    assert.deepEqual(decideNext(aSnapshot(plan).inState('Pending').build()), { type: 'Start' });
  });

  it('applies the canary wave first', () => {
    assert.deepEqual(decideNext(aSnapshot(plan).build()), {
      type: 'ApplyTargets',
      waveIndex: 0,
      clusterIds: [id('eks-canary')],
    });
  });

  it('waits while targets are applying or waiting for readiness', () => {
    assert.deepEqual(decideNext(aSnapshot(plan).target(id('eks-canary'), 'WaitingReady').build()), {
      type: 'Wait',
      reason: 'TargetsInFlight',
    });
  });

  it('asks for approval after the canary, and proceeds once approved, within the wave concurrency', () => {
    const canaryReady = aSnapshot(plan).target(id('eks-canary'), 'Ready');
    assert.deepEqual(decideNext(canaryReady.build()), { type: 'AwaitApproval', waveIndex: 1 });
    assert.deepEqual(decideNext(canaryReady.approved(1).build()), {
      type: 'ApplyTargets',
      waveIndex: 1,
      clusterIds: perCloud.clusterIds.slice(0, 2),
    });
  });

  it('fills a freed slot of the running wave', () => {
    const snapshot = aSnapshot(plan)
      .target(id('eks-canary'), 'Ready')
      .approved(1)
      .target(perCloud.clusterIds[0], 'Ready')
      .target(perCloud.clusterIds[1], 'Applying')
      .build();
    assert.deepEqual(decideNext(snapshot), {
      type: 'ApplyTargets',
      waveIndex: 1,
      clusterIds: [perCloud.clusterIds[2]],
    });
  });

  it('pauses between waves, counting from when the previous wave settled', () => {
    const settled = aSnapshot(plan).target(id('eks-canary'), 'Ready').targets(perCloud.clusterIds, 'Ready', 2_000_000);
    assert.deepEqual(decideNext(settled.at(2_100_000).build()), {
      type: 'Wait',
      reason: 'PauseBetweenWaves',
      until: 2_300_000,
    });
    assert.deepEqual(decideNext(settled.at(2_300_000).build()), {
      type: 'ApplyTargets',
      waveIndex: 2,
      clusterIds: remainder.clusterIds,
    });
  });

  it('finishes Succeeded when every cluster is ready', () => {
    const done = aSnapshot(plan)
      .targets([...canary.clusterIds, ...perCloud.clusterIds, ...remainder.clusterIds], 'Ready')
      .build();
    assert.deepEqual(decideNext(done), { type: 'Finish', state: 'Succeeded', reason: 'every cluster is ready' });
  });

  it('finishes PartiallyFailed when failures stayed within the thresholds', () => {
    const tolerant = planRollout(
      { type: 'AllAtOnce', maxConcurrency: 10, failureThreshold: { maxFailures: 1 } },
      fleet,
    );
    const snapshot = aSnapshot(tolerant)
      .targets(tolerant.waves[0].clusterIds, 'Ready')
      .target(id('gke-us-1'), 'Failed')
      .build();
    assert.deepEqual(decideNext(snapshot), {
      type: 'Finish',
      state: 'PartiallyFailed',
      reason: '1 cluster(s) failed within the tolerated thresholds',
    });
  });

  describe('when the canary never becomes ready', () => {
    const failedCanary = aSnapshot(plan).target(id('eks-canary'), 'Failed');
    const othersSkipped = failedCanary.targets([...perCloud.clusterIds, ...remainder.clusterIds], 'Skipped');

    it('halts the wave and skips every pending cluster', () => {
      assert.deepEqual(decideNext(aSnapshot(plan).target(id('eks-canary'), 'Failed').build()), {
        type: 'HaltWave',
        waveIndex: 0,
        reason: 'wave "canary" has 1 failed cluster(s); it tolerates 0',
        failedClusterIds: [id('eks-canary')],
        skipClusterIds: [...perCloud.clusterIds, ...remainder.clusterIds],
      });
    });

    it('then starts the rollback, rolls back the touched cluster, and finishes RolledBack', () => {
      assert.deepEqual(decideNext(othersSkipped.build()), {
        type: 'StartRollback',
        reason: 'wave "canary" has 1 failed cluster(s); it tolerates 0',
      });
      const rollingBack = othersSkipped.inState('RollingBack');
      assert.deepEqual(decideNext(rollingBack.build()), { type: 'RollbackTargets', clusterIds: [id('eks-canary')] });
      assert.deepEqual(decideNext(rollingBack.target(id('eks-canary'), 'RollingBack').build()), {
        type: 'Wait',
        reason: 'RollbackInFlight',
      });
      assert.deepEqual(decideNext(rollingBack.target(id('eks-canary'), 'RolledBack').build()), {
        type: 'Finish',
        state: 'RolledBack',
        reason: 'every touched cluster was rolled back',
      });
    });

    it('finishes Failed instead when rollback on halt is off', () => {
      const snapshot = aSnapshot(noRollbackPlan)
        .target(id('eks-canary'), 'Failed')
        .targets([...perCloud.clusterIds, ...remainder.clusterIds], 'Skipped')
        .build();
      assert.deepEqual(decideNext(snapshot), {
        type: 'Finish',
        state: 'Failed',
        reason: 'wave "canary" has 1 failed cluster(s); it tolerates 0',
      });
    });

    it('reports a failed rollback as Failed', () => {
      const snapshot = othersSkipped.inState('RollingBack').target(id('eks-canary'), 'RollbackFailed').build();
      assert.deepEqual(decideNext(snapshot), {
        type: 'Finish',
        state: 'Failed',
        reason: `rollback failed on ${id('eks-canary')}`,
      });
    });
  });

  it('lets in-flight applies land before rolling back', () => {
    const snapshot = aSnapshot(plan)
      .inState('RollingBack')
      .target(id('eks-canary'), 'Ready')
      .target(perCloud.clusterIds[0], 'Failed')
      .target(perCloud.clusterIds[1], 'WaitingReady')
      .targets([perCloud.clusterIds[2], ...remainder.clusterIds], 'Skipped')
      .build();
    assert.deepEqual(decideNext(snapshot), { type: 'Wait', reason: 'TargetsInFlight' });
  });

  it('finishes PartiallyFailed after a halt without rollback when some clusters are ready', () => {
    const snapshot = aSnapshot(noRollbackPlan)
      .target(id('eks-canary'), 'Ready')
      .approved(1)
      .target(perCloud.clusterIds[0], 'Failed')
      .target(perCloud.clusterIds[1], 'Ready')
      .targets([perCloud.clusterIds[2], ...remainder.clusterIds], 'Skipped')
      .build();
    assert.equal(decideNext(snapshot).type, 'Finish');
    assert.deepEqual(decideNext(snapshot), {
      type: 'Finish',
      state: 'PartiallyFailed',
      reason: 'wave "one-per-cloud" has 1 failed cluster(s); it tolerates 0',
    });
  });

  describe('maxUnavailableClusters', () => {
    const bounded = planRollout(
      { type: 'AllAtOnce', maxConcurrency: 10, maxUnavailableClusters: 2, failureThreshold: { maxFailures: 5 } },
      fleet,
    );
    const ids = bounded.waves[0].clusterIds;

    it('bounds how many clusters are applied at once', () => {
      assert.deepEqual(decideNext(aSnapshot(bounded).build()), {
        type: 'ApplyTargets',
        waveIndex: 0,
        clusterIds: ids.slice(0, 2),
      });
    });

    it('counts failed clusters as unavailable', () => {
      const snapshot = aSnapshot(bounded).target(ids[0], 'Failed').target(ids[1], 'Ready').build();
      assert.deepEqual(decideNext(snapshot), { type: 'ApplyTargets', waveIndex: 0, clusterIds: [ids[2]] });
    });

    it('halts once failures alone use it up', () => {
      const decision = decideNext(aSnapshot(bounded).targets(ids.slice(0, 2), 'Failed').build());
      assert.equal(decision.type, 'HaltWave');
      assert.match(
        decision.type === 'HaltWave' ? decision.reason : '',
        /maxUnavailableClusters \(2\) is used up by 2 failed cluster\(s\)/,
      );
    });
  });

  describe('operator actions', () => {
    it('a user pause starts nothing new', () => {
      assert.deepEqual(decideNext(aSnapshot(plan).inState('Paused').build()), { type: 'Wait', reason: 'PausedByUser' });
    });

    it('a cancel skips pending clusters, waits for in-flight ones, then finishes Cancelled', () => {
      const cancelled = aSnapshot(plan).cancelled().target(id('eks-canary'), 'Applying');
      const pending = [...perCloud.clusterIds, ...remainder.clusterIds];
      assert.deepEqual(decideNext(cancelled.build()), {
        type: 'SkipTargets',
        clusterIds: pending,
        reason: 'rollout cancelled',
      });
      const skipped = cancelled.targets(pending, 'Skipped');
      assert.deepEqual(decideNext(skipped.build()), { type: 'Wait', reason: 'TargetsInFlight' });
      assert.deepEqual(decideNext(skipped.target(id('eks-canary'), 'Ready').build()), {
        type: 'Finish',
        state: 'Cancelled',
        reason: 'rollout cancelled',
      });
    });

    it('nothing is left to do once the deployment is final', () => {
      assert.deepEqual(decideNext(aSnapshot(plan).inState('Succeeded').build()), { type: 'None' });
    });
  });
});
