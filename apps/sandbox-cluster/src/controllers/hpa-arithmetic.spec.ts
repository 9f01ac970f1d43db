import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clampReplicas, replicasForUtilization, stabilize } from './hpa-arithmetic';

describe('HPA arithmetic', () => {
  const ready = (readyPods: number, utilization: number, unreadyPods = 0) => ({ readyPods, utilization, unreadyPods });

  it('scales by the ratio of utilization to target over the ready pods, rounding up', () => {
    assert.equal(replicasForUtilization(3, ready(3, 140), 70), 6);
    assert.equal(replicasForUtilization(3, ready(3, 100), 70), 5);
    assert.equal(replicasForUtilization(4, ready(4, 35), 70), 2);
    assert.equal(replicasForUtilization(5, ready(5, 10), 70), 1);
  });

  it('leaves the count alone within the 10% tolerance of the target', () => {
    assert.equal(replicasForUtilization(3, ready(3, 76), 70), 3);
    assert.equal(replicasForUtilization(3, ready(3, 64), 70), 3);
    assert.equal(replicasForUtilization(3, ready(3, 78), 70), 4);
  });

  it('counts unready pods as idle on a scale-up, so the pods a scale-up added are not added again', () => {
    // 2 ready pods at 100% of a 50% target, 2 more starting: 200 / 4 pods is the target, hold.
    assert.equal(replicasForUtilization(4, ready(2, 100, 2), 50), 4);
    // 4 ready at 400%, a 5th starting: 1600 / 5 = 320%, still 6.4x the target.
    assert.equal(replicasForUtilization(5, ready(4, 400, 1), 50), 32);
    // Idle unready pods that would turn a scale-up into a scale-down keep the count.
    assert.equal(replicasForUtilization(6, ready(1, 60, 5), 50), 6);
  });

  it('reads a scale-down from the ready pods alone', () => {
    assert.equal(replicasForUtilization(5, ready(4, 10, 1), 50), 1);
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
    assert.equal(stabilize(history, { at: 5000, replicas: 2 }, 6, 3000).replicas, 5);
    assert.equal(stabilize(history, { at: 5000, replicas: 2 }, 6, 5000).replicas, 6);
    assert.equal(stabilize(history, { at: 9000, replicas: 2 }, 6, 3000).replicas, 2);
    assert.deepEqual(stabilize(history, { at: 9000, replicas: 2 }, 6, 3000).history, [{ at: 9000, replicas: 2 }]);
  });

  it('never scales up on a dip, whatever higher recommendations the window holds', () => {
    assert.equal(stabilize([{ at: 1000, replicas: 32 }], { at: 2000, replicas: 1 }, 5, 60_000).replicas, 5);
  });

  it('scales up at once, whatever the window holds', () => {
    assert.equal(stabilize([{ at: 1000, replicas: 3 }], { at: 2000, replicas: 8 }, 3, 60_000).replicas, 8);
  });
});
