import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kindKey, mayUseClusterScopedKind } from './cluster-scoped-kinds';

describe('kindKey', () => {
  it('names a kind by its API group, and a core kind by itself', () => {
    assert.equal(
      kindKey('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding'),
      'rbac.authorization.k8s.io/ClusterRoleBinding',
    );
    assert.equal(kindKey('v1', 'Namespace'), 'Namespace');
  });
});

describe('mayUseClusterScopedKind', () => {
  it('allows the platform team every kind and any other team only the kinds its policy lists', () => {
    assert.equal(mayUseClusterScopedKind('platform', [], 'Namespace'), true);
    assert.equal(mayUseClusterScopedKind('payments', [], 'Namespace'), false);
    assert.equal(mayUseClusterScopedKind('payments', ['Namespace'], 'Namespace'), true);
  });
});
