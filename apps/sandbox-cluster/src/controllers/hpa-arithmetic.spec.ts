import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clampReplicas, replicasForUtilization, stabilize } from './hpa-arithmetic';

describe('HPA arithmetic', () => {
  it('scales by the ratio of utilization to target, rounding up', () => {
    assert.equal(replicasForUtilization(3, 140, 70), 6);
    assert.equal(replicasForUtilization(3, 100, 70), 5);
    assert.equal(replicasForUtilization(4, 35, 70), 2);
    assert.equal(replicasForUtilization(5, 10, 70), 1);
  });

  it('leaves the count alone within the 10% tolerance of the target', () => {
    assert.equal(replicasForUtilization(3, 76, 70), 3);
    assert.equal(replicasForUtilization(3, 64, 70), 3);
    assert.equal(replicasForUtilization(3, 78, 70), 4);
  });

  it('clamps to minReplicas and maxReplicas and names the bound that applied', () => {
    assert.deepEqual(clampReplicas(12, 2, 10), { replicas: 10, limit: 'TooManyReplicas' });
    assert.deepEqual(clampReplicas(1, 2, 10), { replicas: 2, limit: 'TooFewReplicas' });
    assert.deepEqual(clampReplicas(5, 2, 10), { replicas: 5, limit: undefined });
  });

  it('holds a scale-down at the highest recommendation within the stabilization window', () => {
    const history = [
      { at: 1000, replicas: 6 },
      { at: 4000, replicas: 5 },
    ];
    assert.equal(stabilize(history, { at: 5000, replicas: 2 }, 3000).replicas, 5);
    assert.equal(stabilize(history, { at: 5000, replicas: 2 }, 5000).replicas, 6);
    assert.equal(stabilize(history, { at: 9000, replicas: 2 }, 3000).replicas, 2);
    assert.deepEqual(stabilize(history, { at: 9000, replicas: 2 }, 3000).history, [{ at: 9000, replicas: 2 }]);
  });

  it('scales up at once, whatever the window holds', () => {
    assert.equal(stabilize([{ at: 1000, replicas: 3 }], { at: 2000, replicas: 8 }, 60_000).replicas, 8);
  });
});
