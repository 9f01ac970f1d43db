import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aCluster, multicloudFleet } from '../testing/cluster.factory';
import { ClusterCandidate } from './cluster-candidate';
import { PlacementDecision } from './placement-decision';
import { PlacementSpec } from './placement-spec';
import { PlacementError } from './placement.errors';
import { selectClusters } from './select-clusters';

const names = (decision: PlacementDecision): string[] => decision.clusters.map((placed) => placed.cluster.name);

function refusal(spec: PlacementSpec, candidates: readonly ClusterCandidate[]): PlacementError {
  try {
    selectClusters(spec, candidates);
  } catch (error) {
    if (error instanceof PlacementError) return error;
    throw error;
  }
  assert.fail('expected the placement to be refused');
}

describe('selectClusters', () => {
  const fleet = multicloudFleet();

  describe('selects', () => {
    it('every healthy, uncordoned cluster when nothing narrows it, ordered by name', () => {
      assert.deepEqual(names(selectClusters({}, fleet)), [
        'aks-eu-1',
        'aks-us-1',
        'eks-canary',
        'eks-eu-1',
        'eks-staging',
        'eks-us-1',
        'gke-eu-1',
        'gke-us-1',
      ]);
    });

    it('by label selector with matchLabels and matchExpressions', () => {
      const candidates = [
        aCluster('a').labelled({ tier: 'gold', team: 'shop' }).build(),
        aCluster('b').labelled({ tier: 'silver', team: 'shop' }).build(),
        aCluster('c').labelled({ tier: 'gold', team: 'shop', legacy: 'true' }).build(),
        aCluster('d').labelled({ tier: 'gold' }).build(),
      ];
      const decision = selectClusters(
        {
          selector: {
            matchLabels: { team: 'shop' },
            matchExpressions: [
              { key: 'tier', operator: 'In', values: ['gold', 'platinum'] },
              { key: 'legacy', operator: 'DoesNotExist' },
            ],
          },
        },
        candidates,
      );
      assert.deepEqual(names(decision), ['a']);
    });

    it('by cloud, region and environment', () => {
      assert.deepEqual(
        names(
          selectClusters(
            { clouds: ['aws', 'gcp'], regions: ['eu-west-1', 'europe-west1'], environments: ['prod'] },
            fleet,
          ),
        ),
        ['eks-canary', 'eks-eu-1', 'gke-eu-1'],
      );
    });

    it('from an explicit list of names or ids', () => {
      assert.deepEqual(names(selectClusters({ clusters: ['gke-us-1', 'id-aks-eu-1'] }, fleet)), [
        'aks-eu-1',
        'gke-us-1',
      ]);
    });

    it('Degraded clusters by default, and only Healthy ones when asked', () => {
      const candidates = [aCluster('a').build(), aCluster('b').withHealth('Degraded').build()];
      assert.deepEqual(names(selectClusters({}, candidates)), ['a', 'b']);
      assert.deepEqual(names(selectClusters({ allowedHealth: ['Healthy'] }, candidates)), ['a']);
    });

    it('within maxClusters, keeping at least one cluster per cloud and preferring healthy ones', () => {
      const candidates = [
        aCluster('aws-1').on('aws').withHealth('Degraded').build(),
        aCluster('aws-2').on('aws').build(),
        aCluster('aws-3').on('aws').build(),
        aCluster('gcp-1').on('gcp').build(),
        aCluster('azure-1').on('azure').build(),
      ];
      const decision = selectClusters(
        { maxClusters: 3, spread: [{ topologyKey: 'cloud', minPerDomain: 1 }] },
        candidates,
      );
      assert.deepEqual(names(decision), ['aws-2', 'azure-1', 'gcp-1']);
      assert.deepEqual(
        decision.steps.at(-1)?.excluded.map((entry) => entry.name),
        ['aws-1', 'aws-3'],
      );
    });

    it('duplicating replicas with weight 1 everywhere by default', () => {
      const decision = selectClusters({ clouds: ['gcp'] }, fleet);
      assert.equal(decision.replicaMode, 'duplicate');
      assert.deepEqual(
        decision.clusters.map((placed) => placed.weight),
        [1, 1],
      );
    });

    it('with weights from a cluster label, per cluster name, or from capacity', () => {
      const candidates = [
        aCluster('big')
          .labelled({ size: 'large' })
          .withCapacity({ cpuMillicores: 64000, memoryBytes: 2 ** 38 })
          .build(),
        aCluster('small')
          .labelled({ size: 'small' })
          .withCapacity({ cpuMillicores: 16000, memoryBytes: 2 ** 36 })
          .build(),
      ];
      const byLabel = selectClusters(
        { replicas: { mode: 'divide', weights: { by: 'label', labelKey: 'size', weights: { large: 3, small: 1 } } } },
        candidates,
      );
      assert.deepEqual(
        byLabel.clusters.map((placed) => placed.weight),
        [3, 1],
      );
      const byName = selectClusters(
        { replicas: { mode: 'divide', weights: { by: 'cluster', weights: { small: 2 }, defaultWeight: 1 } } },
        candidates,
      );
      assert.deepEqual(
        byName.clusters.map((placed) => placed.weight),
        [1, 2],
      );
      const byCpu = selectClusters(
        { replicas: { mode: 'divide', weights: { by: 'capacity', resource: 'cpu' } } },
        candidates,
      );
      assert.deepEqual(
        byCpu.clusters.map((placed) => placed.weight),
        [64000, 16000],
      );
    });
  });

  describe('refuses, naming the constraint that emptied it', () => {
    it('the health filter, listing each excluded cluster and why', () => {
      const sandboxes = [
        aCluster('sandbox-1').labelled({ env: 'sandbox' }).withHealth('Unreachable').build(),
        aCluster('sandbox-2').labelled({ env: 'sandbox' }).withHealth('CredentialError').build(),
        aCluster('sandbox-3').labelled({ env: 'sandbox' }).withHealth('Unknown').build(),
        aCluster('prod-1').labelled({ env: 'prod' }).build(),
      ];
      const error = refusal({ selector: { matchLabels: { env: 'sandbox' } } }, sandboxes);
      assert.equal(error.code, 'PLACEMENT_EMPTY');
      assert.equal(error.constraint, 'health');
      assert.match(
        error.message,
        /selector env=sandbox left 3; health filter \(allowed: Healthy, Degraded\) left 0: sandbox-1 Unreachable, sandbox-2 CredentialError, sandbox-3 Unknown/,
      );
    });

    it('the selector', () => {
      const error = refusal({ selector: { matchLabels: { tier: 'diamond' } } }, fleet);
      assert.equal(error.constraint, 'selector');
      assert.match(error.message, /selector tier=diamond left 0/);
    });

    it('the cordon filter', () => {
      const error = refusal({ clusters: ['a'] }, [aCluster('a').cordoned().build(), aCluster('b').build()]);
      assert.equal(error.constraint, 'cordon');
      assert.match(error.message, /a cordoned/);
    });

    it('the cloud filter', () => {
      assert.equal(refusal({ clouds: ['oracle'] }, fleet).constraint, 'clouds');
    });

    it('an empty fleet', () => {
      const error = refusal({}, []);
      assert.equal(error.constraint, 'candidates');
      assert.match(error.message, /no cluster is registered/);
    });

    it('a spread constraint a lost cloud can no longer meet', () => {
      const candidates = [
        aCluster('eks-1').on('aws').build(),
        aCluster('gke-1').on('gcp').build(),
        aCluster('aks-1').on('azure').withHealth('Unreachable').build(),
        aCluster('aks-2').on('azure').cordoned().build(),
      ];
      const error = refusal({ spread: [{ topologyKey: 'cloud', minPerDomain: 1 }] }, candidates);
      assert.equal(error.code, 'PLACEMENT_SPREAD_UNSATISFIED');
      assert.equal(error.constraint, 'spread');
      assert.match(error.message, /cloud "azure" has 0 eligible clusters \(aks-1 Unreachable, aks-2 cordoned\)/);
      assert.equal(error.details[0].path, 'spread[0]');
    });

    it('a maxClusters too small for the spread constraints', () => {
      const error = refusal({ maxClusters: 2, spread: [{ topologyKey: 'cloud', minPerDomain: 1 }] }, fleet);
      assert.equal(error.constraint, 'maxClusters');
      assert.match(error.message, /need at least 3 clusters but maxClusters is 2/);
    });

    it('an explicit list naming an unregistered cluster', () => {
      const error = refusal({ clusters: ['eks-eu-1', 'eks-mars-1'] }, fleet);
      assert.equal(error.code, 'PLACEMENT_INVALID');
      assert.deepEqual(error.details, [{ path: 'clusters[1]', message: 'cluster "eks-mars-1" is not registered' }]);
    });

    it('an invalid label selector, with its path', () => {
      const error = refusal({ selector: { matchExpressions: [{ key: 'tier', operator: 'In', values: [] }] } }, fleet);
      assert.equal(error.code, 'PLACEMENT_INVALID');
      assert.equal(error.details[0].path, 'selector.matchExpressions[0].values');
    });

    it('capacity weighting on a cluster that reports no capacity', () => {
      const error = refusal({ replicas: { mode: 'divide', weights: { by: 'capacity', resource: 'memory' } } }, [
        aCluster('a').build(),
      ]);
      assert.equal(error.constraint, 'replicas');
      assert.match(error.message, /missing for a/);
    });

    it('weights that are all zero', () => {
      const error = refusal({ replicas: { mode: 'divide', weights: { by: 'cluster', weights: {} } } }, [
        aCluster('a').build(),
      ]);
      assert.equal(error.constraint, 'replicas');
    });
  });
});
