import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isKubeObject } from './types';

describe('isKubeObject', () => {
  it('accepts an object with metadata, and a string kind and API version and object spec and status when present', () => {
    assert.ok(isKubeObject({ metadata: {} }));
    assert.ok(
      isKubeObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, spec: {}, status: {} }),
    );
  });

  it('refuses JSON without a metadata object', () => {
    assert.ok(!isKubeObject({ kind: 'ConfigMap' }));
    assert.ok(!isKubeObject({ metadata: 'settings' }));
    assert.ok(!isKubeObject([{ metadata: {} }]));
    assert.ok(!isKubeObject(null));
  });

  it('refuses a kind or API version that is not a string, and a spec or status that is not an object', () => {
    assert.ok(!isKubeObject({ metadata: {}, kind: 7 }));
    assert.ok(!isKubeObject({ metadata: {}, apiVersion: null }));
    assert.ok(!isKubeObject({ metadata: {}, spec: [] }));
    assert.ok(!isKubeObject({ metadata: {}, status: 'Running' }));
  });
});
