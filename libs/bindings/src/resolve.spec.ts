import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BindingView } from './binding-model';
import { BoundResolution, UnsatisfiedResolution, createResolver, localityRefusal, resolveBindings } from './resolve';
import { aBinding, aCluster, anInstance, instancesById } from './testing/binding.factory';

const use1 = anInstance();
const euw1 = anInstance({ id: 'i-orders-euw1', name: 'orders-euw1', region: 'eu-west-1' });
const cloudSql = anInstance({
  id: 'i-orders-gcp',
  name: 'orders-gcp',
  cloud: 'gcp',
  region: 'europe-west1',
  product: 'cloudsql-instance',
});
const instances = instancesById(use1, euw1, cloudSql);

function bound(bindings: BindingView[], cluster = aCluster()): BoundResolution {
  const [only] = resolveBindings(cluster, bindings, instances).bindings;
  assert.equal(only.status, 'bound', only.status === 'unsatisfied' ? only.reason : '');
  return only as BoundResolution;
}

function unsatisfied(bindings: BindingView[], cluster = aCluster()): UnsatisfiedResolution {
  const [only] = resolveBindings(cluster, bindings, instances).bindings;
  assert.equal(only.status, 'unsatisfied');
  return only as UnsatisfiedResolution;
}

describe('resolving bindings for a cluster', () => {
  const everyLevel: BindingView[] = [
    aBinding({ id: 'default', scope: { level: 'default' }, instanceId: euw1.id }),
    aBinding({ id: 'environment', scope: { level: 'environment', environment: 'production' }, instanceId: euw1.id }),
    aBinding({ id: 'cloud', scope: { level: 'cloud', cloud: 'aws' }, instanceId: euw1.id }),
    aBinding({ id: 'region', scope: { level: 'region', region: 'us-east-1' }, instanceId: use1.id }),
    aBinding({
      id: 'labels',
      scope: { level: 'labels', selector: { matchLabels: { tier: 'gold' } } },
      instanceId: euw1.id,
    }),
    aBinding({ id: 'cluster', scope: { level: 'cluster', cluster: 'prod-use1' }, instanceId: use1.id }),
  ];

  it('picks the cluster scope over every other, and explains the others as shadowed', () => {
    const result = bound(everyLevel, aCluster({ labels: { tier: 'gold' } }));
    assert.equal(result.binding.id, 'cluster');
    assert.deepEqual(
      result.candidates.map((candidate) => [candidate.bindingId, candidate.verdict]),
      [
        ['cluster', 'chosen'],
        ['labels', 'shadowed'],
        ['region', 'shadowed'],
        ['cloud', 'shadowed'],
        ['environment', 'shadowed'],
        ['default', 'shadowed'],
      ],
    );
    assert.match(result.candidates[1].reason, /a more specific binding \(cluster prod-use1\) was chosen/);
  });

  it('orders the levels cluster > labels > region > cloud > environment > default', () => {
    for (let dropped = 1; dropped < everyLevel.length; dropped += 1) {
      const remaining = everyLevel.slice(0, everyLevel.length - dropped);
      const expected = remaining[remaining.length - 1].id;
      assert.equal(bound(remaining, aCluster({ labels: { tier: 'gold' } })).binding.id, expected);
    }
  });

  it('skips scopes that do not match the cluster, saying so', () => {
    const result = bound(everyLevel, aCluster({ name: 'prod-use1-b', labels: { tier: 'silver' } }));
    assert.equal(result.binding.id, 'region');
    const cluster = result.candidates.find((candidate) => candidate.bindingId === 'cluster');
    assert.equal(cluster?.verdict, 'not-matching');
    assert.match(cluster?.reason ?? '', /scope cluster prod-use1 does not match/);
  });

  it('matches label scopes with expressions', () => {
    const bindings = [
      aBinding({ id: 'default' }),
      aBinding({
        id: 'pci',
        scope: { level: 'labels', selector: { matchExpressions: [{ key: 'pci', operator: 'Exists' }] } },
      }),
    ];
    assert.equal(bound(bindings, aCluster({ labels: { pci: 'yes' } })).binding.id, 'pci');
    assert.equal(bound(bindings, aCluster({ labels: {} })).binding.id, 'default');
  });

  it('refuses a more specific binding whose instance breaks its locality and falls back to the next, explaining why', () => {
    const bindings = [
      aBinding({ id: 'cloud', scope: { level: 'cloud', cloud: 'aws' }, instanceId: euw1.id, locality: 'same-region' }),
      aBinding({ id: 'default', instanceId: use1.id, locality: 'same-region' }),
    ];
    const result = bound(bindings);
    assert.equal(result.binding.id, 'default');
    assert.equal(result.candidates[0].verdict, 'refused');
    assert.equal(
      result.candidates[0].reason,
      'instance orders-euw1 is in region eu-west-1, cluster prod-use1 in us-east-1 (locality same-region)',
    );
  });

  it('applies same-cloud: any region of the cluster cloud, no other cloud', () => {
    assert.equal(bound([aBinding({ instanceId: euw1.id, locality: 'same-cloud' })]).instance.id, euw1.id);
    const refused = unsatisfied([aBinding({ instanceId: cloudSql.id, locality: 'same-cloud' })]);
    assert.match(
      refused.reason,
      /instance orders-gcp is in cloud gcp, cluster prod-use1 in aws \(locality same-cloud\)/,
    );
  });

  it('applies any: another cloud serves', () => {
    assert.equal(bound([aBinding({ instanceId: cloudSql.id, locality: 'any' })]).instance.id, cloudSql.id);
  });

  it('is unsatisfied when no scope matches, naming the binding and the cluster', () => {
    const result = unsatisfied([aBinding({ scope: { level: 'region', region: 'eu-west-1' }, instanceId: euw1.id })]);
    assert.equal(result.name, 'orders-db');
    assert.equal(result.reason, 'no binding named orders-db has a scope matching cluster prod-use1');
  });

  it('refuses a binding whose instance is not registered', () => {
    const result = unsatisfied([aBinding({ instanceId: 'gone' })]);
    assert.match(result.reason, /instance gone is not registered/);
  });

  it('resolves every binding name of the application independently, in name order', () => {
    const bindings = [
      aBinding({ id: 'cache', name: 'sessions', instanceId: use1.id }),
      aBinding({ id: 'db', name: 'orders-db', instanceId: euw1.id }),
    ];
    const result = resolveBindings(aCluster(), bindings, instances);
    assert.deepEqual(
      result.bindings.map((binding) => [binding.name, binding.status === 'bound' ? binding.binding.id : '']),
      [
        ['orders-db', 'db'],
        ['sessions', 'cache'],
      ],
    );
  });

  it('is deterministic whatever order the bindings come in', () => {
    const cluster = aCluster({ labels: { tier: 'gold' } });
    const forward = resolveBindings(cluster, everyLevel, instances);
    const backward = resolveBindings(cluster, [...everyLevel].reverse(), instances);
    assert.deepEqual(backward, forward);
  });

  it('breaks a tie of equal specificity (which writes refuse) by scope text, then id', () => {
    const bindings = [
      aBinding({ id: 'b', scope: { level: 'labels', selector: { matchLabels: { b: '1' } } } }),
      aBinding({ id: 'a', scope: { level: 'labels', selector: { matchLabels: { a: '1' } } } }),
    ];
    assert.equal(bound(bindings, aCluster({ labels: { a: '1', b: '1' } })).binding.id, 'a');
  });

  it('resolves 10,000 clusters with one resolver built once', () => {
    const resolve = createResolver(everyLevel, instances);
    const regions = ['us-east-1', 'eu-west-1', 'us-west-2'];
    let boundCount = 0;
    for (let index = 0; index < 10_000; index += 1) {
      const cluster = aCluster({
        name: `c-${index}`,
        region: regions[index % 3],
        labels: { shard: String(index % 7) },
      });
      for (const binding of resolve(cluster).bindings) if (binding.status === 'bound') boundCount += 1;
    }
    assert.equal(boundCount, 10_000);
  });
});

describe('same-region locality for resources that span regions', () => {
  const gkeEurope = aCluster({ name: 'prod-euw1', cloud: 'gcp', region: 'europe-west1' });

  it('lets a global resource serve every region of its cloud', () => {
    const topic = anInstance({ cloud: 'gcp', product: 'pubsub-topic', serviceClass: 'queue', region: 'global' });
    assert.equal(localityRefusal('same-region', topic, gkeEurope), undefined);
  });

  it('lets a multi-region bucket serve only the regions inside it', () => {
    const euBucket = anInstance({ cloud: 'gcp', product: 'gcs-bucket', serviceClass: 'object-storage', region: 'eu' });
    const usBucket = anInstance({ cloud: 'gcp', product: 'gcs-bucket', serviceClass: 'object-storage', region: 'us' });
    assert.equal(localityRefusal('same-region', euBucket, gkeEurope), undefined);
    assert.match(
      localityRefusal('same-region', usBucket, gkeEurope) ?? '',
      /region us, cluster prod-euw1 in europe-west1/,
    );
  });
});
