import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Gauge } from 'prom-client';
import { MetricsRegistry } from './metrics';

describe('MetricsRegistry', () => {
  const metrics = new MetricsRegistry();
  new Gauge({ name: 'test_fleet_size', help: 'aggregate', registers: [metrics.registry] }).set(3);
  new Gauge({
    name: 'test_cluster_up',
    help: 'per cluster',
    labelNames: ['cluster'],
    registers: [metrics.perClusterRegistry],
  }).set({ cluster: 'payments-prod' }, 1);

  it('exposes only the aggregate series unless per-cluster ones are asked for', async () => {
    const text = await metrics.exposition({ perCluster: false });
    assert.match(text, /^test_fleet_size 3$/m);
    assert.doesNotMatch(text, /payments-prod|test_cluster_up/);
  });

  it('adds the per-cluster series when asked for', async () => {
    const text = await metrics.exposition({ perCluster: true });
    assert.match(text, /^test_fleet_size 3$/m);
    assert.match(text, /^test_cluster_up\{cluster="payments-prod"\} 1$/m);
  });
});
