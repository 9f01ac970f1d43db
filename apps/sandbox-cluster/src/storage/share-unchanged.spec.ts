import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JsonObject } from '../api/types';
import { sameFieldsExcept, shareUnchanged } from './share-unchanged';

function deployment(image: string, revision: string): JsonObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop', annotations: { 'fleetplane.io/revision': revision } },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image, ports: [{ containerPort: 8080 }] }] },
      },
    },
  };
}

describe('structural sharing between versions of an object', () => {
  it('keeps the previous subtrees that did not change and only the changed path is new', () => {
    const stored = deployment('nginx:1.27.2', '1');
    const next = shareUnchanged(stored, deployment('nginx:1.27.2', '2'));
    assert.notEqual(next, stored);
    assert.equal(next.spec, stored.spec);
    assert.notEqual(next.metadata, stored.metadata);
    assert.deepEqual((next.metadata as JsonObject).annotations, { 'fleetplane.io/revision': '2' });
    assert.deepEqual(next, deployment('nginx:1.27.2', '2'));
  });

  it('shares sibling containers and list items when one item changes', () => {
    const stored = deployment('nginx:1.27.2', '1');
    const changed = deployment('nginx:1.27.3', '1');
    const next = shareUnchanged(stored, changed);
    const container = (object: JsonObject) =>
      (((object.spec as JsonObject).template as JsonObject).spec as JsonObject).containers as JsonObject[];
    assert.equal(next.metadata, stored.metadata);
    assert.equal(container(next)[0].ports, container(stored)[0].ports);
    assert.equal(container(next)[0].image, 'nginx:1.27.3');
  });

  it('returns the previous version itself when nothing changed, whatever the key order', () => {
    const stored = deployment('nginx:1.27.2', '1');
    const reordered: JsonObject = { spec: deployment('nginx:1.27.2', '1').spec, ...deployment('nginx:1.27.2', '1') };
    assert.equal(shareUnchanged(stored, reordered), stored);
  });

  it('treats an added or removed field as a change, and undefined as absent', () => {
    const stored: JsonObject = { data: { a: '1' } };
    assert.notEqual(shareUnchanged(stored, { data: { a: '1', b: '2' } }), stored);
    assert.notEqual(shareUnchanged(stored, { data: {} }), stored);
    assert.equal(shareUnchanged(stored, { data: { a: '1', b: undefined } }), stored);
    assert.deepEqual(shareUnchanged({ list: [1, 2] }, { list: [1, 2, 3] }), { list: [1, 2, 3] });
    assert.deepEqual(shareUnchanged({ list: [1, 2] }, { list: [1] }), { list: [1] });
  });

  it('compares shared versions field by field by reference', () => {
    const stored = deployment('nginx:1.27.2', '1');
    const next = shareUnchanged(stored, deployment('nginx:1.27.2', '2'));
    const ignoreMetadata = new Set(['metadata', 'status']);
    assert.ok(sameFieldsExcept(stored, next, ignoreMetadata), 'the spec did not change');
    assert.ok(!sameFieldsExcept(stored, next, new Set()), 'the metadata did');
    const scaled = shareUnchanged(stored, { ...deployment('nginx:1.27.2', '1'), spec: { replicas: 4 } });
    assert.ok(!sameFieldsExcept(stored, scaled, ignoreMetadata));
  });
});
