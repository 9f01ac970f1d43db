import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeObject, identityKey, identityOf } from './kube-object';

describe('identityOf', () => {
  it('keeps the API group and drops the version: a version is a representation of the same object', () => {
    const v2 = identityOf({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' } });
    const v1 = identityOf({ apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' } });
    assert.deepEqual(v2, v1);
    assert.equal(v2.group, 'autoscaling');
  });
});

describe('identityKey', () => {
  it('names a core object by kind, namespace and name, and a grouped one with its group', () => {
    assert.equal(
      identityKey({ group: '', kind: 'ConfigMap', namespace: 'shop', name: 'settings' }),
      'ConfigMap/shop/settings',
    );
    assert.equal(
      identityKey({ group: 'apps', kind: 'Deployment', namespace: 'shop', name: 'web' }),
      'Deployment.apps/shop/web',
    );
  });

  it('leaves the namespace out for a cluster-scoped object', () => {
    assert.equal(describeObject({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }), 'Namespace/shop');
  });
});
