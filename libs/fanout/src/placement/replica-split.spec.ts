import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aCluster } from '../testing/cluster.factory';
import { replicasForCluster } from './replicas-for-cluster';
import { splitReplicas } from './replica-split';
import { selectClusters } from './select-clusters';

describe('splitReplicas', () => {
  it('divides in proportion to the weights', () => {
    assert.deepEqual(splitReplicas(12, [3, 1]), [9, 3]);
  });

  it('always sums to the total exactly, giving leftovers to the largest remainders', () => {
    assert.deepEqual(splitReplicas(10, [1, 1, 1]), [4, 3, 3]);
    assert.deepEqual(splitReplicas(7, [5, 3, 2]), [4, 2, 1]);
    for (const total of [0, 1, 5, 17, 1000]) {
      const parts = splitReplicas(total, [0.3, 2, 7, 1.1]);
      assert.equal(
        parts.reduce((sum, part) => sum + part, 0),
        total,
      );
    }
  });

  it('gives nothing to a zero weight', () => {
    assert.deepEqual(splitReplicas(5, [0, 1]), [0, 5]);
  });
});

describe('replicasForCluster', () => {
  const clusters = [aCluster('a').build(), aCluster('b').build(), aCluster('c').build()];

  it('returns the manifest count everywhere when duplicating', () => {
    const decision = selectClusters({}, clusters);
    assert.deepEqual(
      clusters.map((cluster) => replicasForCluster(decision, cluster.id, 5)),
      [5, 5, 5],
    );
  });

  it('returns each cluster its share when dividing', () => {
    const decision = selectClusters({ replicas: { mode: 'divide', weights: { by: 'equal' } } }, clusters);
    assert.deepEqual(
      clusters.map((cluster) => replicasForCluster(decision, cluster.id, 5)),
      [2, 2, 1],
    );
  });

  it('returns undefined for a cluster outside the placement', () => {
    assert.equal(replicasForCluster(selectClusters({}, clusters), 'id-z', 5), undefined);
  });
});
