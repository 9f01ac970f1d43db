import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyTiers } from './apply-tiers';

const object = (kind: string, name = kind.toLowerCase()) => ({ apiVersion: 'v1', kind, metadata: { name } });
const kindsOf = (tiers: ReturnType<typeof applyTiers>) => tiers.map((tier) => tier.map((each) => each.kind));

describe('applyTiers', () => {
  it('sends a release in install order as three tiers: definitions, what workloads refer to, the rest', () => {
    const release = [
      object('Namespace'),
      object('CustomResourceDefinition'),
      object('ServiceAccount'),
      object('ConfigMap'),
      object('Secret'),
      object('Service'),
      object('Deployment'),
      object('HorizontalPodAutoscaler'),
      object('Ingress'),
      object('Certificate'),
    ];
    assert.deepEqual(kindsOf(applyTiers(release)), [
      ['Namespace', 'CustomResourceDefinition'],
      ['ServiceAccount', 'ConfigMap', 'Secret'],
      ['Service', 'Deployment', 'HorizontalPodAutoscaler', 'Ingress', 'Certificate'],
    ]);
  });

  it('keeps the order it is given: an object never goes before one listed ahead of it in another tier', () => {
    const handOrdered = [object('ConfigMap', 'a'), object('Deployment'), object('ConfigMap', 'b'), object('Namespace')];
    assert.deepEqual(kindsOf(applyTiers(handOrdered)), [['ConfigMap'], ['Deployment'], ['ConfigMap'], ['Namespace']]);
  });

  it('has no tier for no objects', () => {
    assert.deepEqual(applyTiers([]), []);
  });
});
