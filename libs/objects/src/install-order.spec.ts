import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareInstallOrder, installTierOf } from './install-order';
import { KubeObject } from './kube-object';

const object = (kind: string, name: string, namespace?: string): KubeObject => ({
  apiVersion: 'v1',
  kind,
  metadata: namespace === undefined ? { name } : { name, namespace },
});

describe('installTierOf', () => {
  it('puts namespaces and CRDs first, what workloads refer to second, workloads last', () => {
    assert.deepEqual(
      ['Namespace', 'CustomResourceDefinition', 'ConfigMap', 'Secret', 'Deployment', 'Service'].map(installTierOf),
      [0, 0, 1, 1, 2, 2],
    );
  });

  it('puts a kind it does not know (a custom resource) in the last tier', () => {
    assert.equal(installTierOf('Certificate'), 2);
  });
});

describe('compareInstallOrder', () => {
  it('orders by kind as Helm does, CRDs right after namespaces, unknown kinds last', () => {
    const objects = [
      object('Certificate', 'tls'),
      object('Deployment', 'web'),
      object('ConfigMap', 'settings'),
      object('CustomResourceDefinition', 'certificates'),
      object('Namespace', 'shop'),
    ];
    assert.deepEqual(
      [...objects].sort(compareInstallOrder).map((each) => each.kind),
      ['Namespace', 'CustomResourceDefinition', 'ConfigMap', 'Deployment', 'Certificate'],
    );
  });

  it('orders objects of one kind by namespace, then name', () => {
    const objects = [
      object('ConfigMap', 'b', 'shop'),
      object('ConfigMap', 'a', 'shop'),
      object('ConfigMap', 'z', 'cart'),
    ];
    assert.deepEqual(
      [...objects].sort(compareInstallOrder).map((each) => `${each.metadata.namespace}/${each.metadata.name}`),
      ['cart/z', 'shop/a', 'shop/b'],
    );
  });
});
