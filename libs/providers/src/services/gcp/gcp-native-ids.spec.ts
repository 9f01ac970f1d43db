import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseGcpNativeId, secretVersionName } from './gcp-native-ids';

describe('parseGcpNativeId', () => {
  it('tells the products apart by the shape of their resource names', () => {
    assert.equal(parseGcpNativeId('projects/p/instances/db').product, 'cloudsql-instance');
    assert.equal(parseGcpNativeId('projects/p/locations/europe-west1/instances/cache').product, 'memorystore-redis');
    assert.equal(parseGcpNativeId('projects/p/topics/t').product, 'pubsub-topic');
    assert.equal(parseGcpNativeId('projects/p/subscriptions/s').product, 'pubsub-subscription');
    assert.equal(parseGcpNativeId('projects/p/secrets/s').product, 'secret-manager-secret');
  });

  it('accepts both names of a bucket', () => {
    assert.deepEqual(parseGcpNativeId('projects/_/buckets/b1'), { product: 'gcs-bucket', bucket: 'b1', name: 'b1' });
    assert.deepEqual(parseGcpNativeId('//storage.googleapis.com/b1'), {
      product: 'gcs-bucket',
      bucket: 'b1',
      name: 'b1',
    });
  });

  it('refuses anything else with InvalidRequest', () => {
    for (const nativeId of ['', 'projects/p', 'projects/p/instances/db/extra', 'projects/p/buckets/b', 'gs://b1']) {
      assert.throws(() => parseGcpNativeId(nativeId), { code: 'InvalidRequest' }, nativeId);
    }
  });
});

describe('secretVersionName', () => {
  it('keeps a version name and reads a bare secret as its latest version', () => {
    assert.equal(secretVersionName('projects/p/secrets/s/versions/3'), 'projects/p/secrets/s/versions/3');
    assert.equal(secretVersionName('projects/p/secrets/s'), 'projects/p/secrets/s/versions/latest');
    assert.throws(() => secretVersionName('s'), { code: 'InvalidRequest' });
  });
});
