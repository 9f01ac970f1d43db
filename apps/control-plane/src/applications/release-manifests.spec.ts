import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { REDACTED } from '@fleetplane/bindings';
import { readableManifests } from './release-manifests';

describe('readableManifests', () => {
  it('keeps a Secret’s keys and type but none of its values', () => {
    const [secret] = readableManifests([
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'db' },
        type: 'Opaque',
        data: { password: 'aHVudGVyMg==' },
        stringData: { user: 'app' },
      },
    ]);
    assert.deepEqual(secret, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db' },
      type: 'Opaque',
      data: { password: REDACTED },
      stringData: { user: REDACTED },
    });
  });

  it('leaves every other object exactly as stored', () => {
    const config = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { mode: 'fast' } };
    assert.deepEqual(readableManifests([config]), [config]);
  });
});
