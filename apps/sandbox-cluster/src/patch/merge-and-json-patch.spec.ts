import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JsonObject } from '../api/types';
import { applyJsonPatch } from './json-patch';
import { applyMergePatch } from './merge-patch';
import { PatchError } from './patch-error';

function configMap(): JsonObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'web-config', namespace: 'shop', labels: { app: 'web' }, annotations: { owner: 'storefront' } },
    data: { LOG_LEVEL: 'info', FEATURES: 'checkout,search' },
  };
}

function service(): JsonObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'shop' },
    spec: {
      selector: { app: 'web' },
      ports: [
        { name: 'http', port: 80, targetPort: 8080 },
        { name: 'metrics', port: 9090, targetPort: 9090 },
      ],
    },
  };
}

describe('JSON merge patch (RFC 7386)', () => {
  it('merges objects recursively: changed keys replace, untouched keys stay', () => {
    const patched = applyMergePatch(configMap(), {
      data: { LOG_LEVEL: 'debug' },
      metadata: { labels: { tier: 'web' } },
    });
    assert.deepEqual(patched, {
      ...configMap(),
      metadata: { ...(configMap().metadata as JsonObject), labels: { app: 'web', tier: 'web' } },
      data: { LOG_LEVEL: 'debug', FEATURES: 'checkout,search' },
    });
  });

  it('deletes a key patched with null', () => {
    const patched = applyMergePatch(configMap(), { metadata: { annotations: null }, data: { FEATURES: null } });
    assert.deepEqual(patched, {
      ...configMap(),
      metadata: { name: 'web-config', namespace: 'shop', labels: { app: 'web' } },
      data: { LOG_LEVEL: 'info' },
    });
  });

  it('replaces lists as a whole, unlike a strategic merge', () => {
    const patched = applyMergePatch(service(), { spec: { ports: [{ name: 'http', port: 8080 }] } }) as JsonObject;
    assert.deepEqual((patched.spec as JsonObject).ports, [{ name: 'http', port: 8080 }]);
  });

  it('replaces the whole document with a patch that is not an object, and leaves the target untouched', () => {
    const original = configMap();
    assert.equal(applyMergePatch(original, 'replaced'), 'replaced');
    applyMergePatch(original, { data: { LOG_LEVEL: null } });
    assert.deepEqual(original, configMap());
  });
});

describe('JSON patch (RFC 6902)', () => {
  it('applies add, replace, remove, copy and move in order', () => {
    const patched = applyJsonPatch(configMap(), [
      { op: 'add', path: '/data/REGION', value: 'eu' },
      { op: 'replace', path: '/data/LOG_LEVEL', value: 'warn' },
      { op: 'remove', path: '/metadata/annotations/owner' },
      { op: 'copy', from: '/data/REGION', path: '/metadata/labels/region' },
      { op: 'move', from: '/data/FEATURES', path: '/data/ENABLED_FEATURES' },
    ]);
    assert.deepEqual(patched.data, { LOG_LEVEL: 'warn', REGION: 'eu', ENABLED_FEATURES: 'checkout,search' });
    assert.deepEqual((patched.metadata as JsonObject).labels, { app: 'web', region: 'eu' });
    assert.deepEqual((patched.metadata as JsonObject).annotations, {});
  });

  it('addresses list items by index and appends with -', () => {
    const patched = applyJsonPatch(service(), [
      { op: 'replace', path: '/spec/ports/0/port', value: 8080 },
      { op: 'add', path: '/spec/ports/-', value: { name: 'grpc', port: 50051 } },
      { op: 'remove', path: '/spec/ports/1' },
    ]);
    assert.deepEqual(
      ((patched.spec as JsonObject).ports as JsonObject[]).map((port) => `${String(port.name)}:${String(port.port)}`),
      ['http:8080', 'grpc:50051'],
    );
  });

  it('rejects the whole patch when a test fails, leaving the target untouched (optimistic locking)', () => {
    const original = configMap();
    assert.throws(
      () =>
        applyJsonPatch(original, [
          { op: 'replace', path: '/data/LOG_LEVEL', value: 'debug' },
          { op: 'test', path: '/metadata/annotations/owner', value: 'payments' },
        ]),
      PatchError,
    );
    assert.deepEqual(original, configMap());
  });

  it('rejects operations on paths that do not exist and bodies that are not operation lists', () => {
    assert.throws(() => applyJsonPatch(configMap(), [{ op: 'replace', path: '/spec/replicas', value: 2 }]), PatchError);
    assert.throws(() => applyJsonPatch(configMap(), { op: 'add' }), /json patch must be an array of operations/);
  });

  it('rejects an operation without an RFC 6902 op or a path, naming its position', () => {
    const valid = { op: 'add', path: '/data/b', value: '2' };
    assert.throws(() => applyJsonPatch(configMap(), [valid, { op: 'upsert', path: '/data/c' }]), /operation 1 /);
    assert.throws(() => applyJsonPatch(configMap(), [{ op: 'remove' }]), /operation 0 /);
    assert.throws(() => applyJsonPatch(configMap(), ['remove /data/a']), PatchError);
  });
});
