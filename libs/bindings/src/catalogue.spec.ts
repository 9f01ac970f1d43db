import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SERVICE_CLASS_NAMES, SERVICE_CLOUDS, SERVICE_PRODUCTS } from '@fleetplane/providers';
import { SERVICE_CLASSES, missingCredentialFields, needsCredential, productOf } from './catalogue';

describe('the service-class catalogue', () => {
  it('maps every class to at least one product on every cloud, with a type and provider', () => {
    for (const name of SERVICE_CLASS_NAMES) {
      const definition = SERVICE_CLASSES[name];
      assert.equal(definition.name, name);
      assert.match(definition.bindingType, /^[a-z0-9-.]+$/);
      for (const cloud of SERVICE_CLOUDS) assert.ok(definition.products[cloud].length > 0, `${name} on ${cloud}`);
    }
  });

  it('offers every product an adapter reads, so no registered instance is unbindable', () => {
    for (const cloud of SERVICE_CLOUDS) {
      const offered = SERVICE_CLASS_NAMES.flatMap((name) =>
        SERVICE_CLASSES[name].products[cloud].map((candidate): string => candidate.product),
      );
      for (const product of SERVICE_PRODUCTS[cloud]) assert.ok(offered.includes(product), `${product} on ${cloud}`);
    }
  });

  it('knows which products serve which class', () => {
    assert.equal(productOf('postgresql', 'aws', 'aurora-cluster')?.provider, 'amazon-aurora');
    assert.equal(productOf('postgresql', 'aws', 's3-bucket'), undefined);
    assert.equal(productOf('redis', 'aws', 'elasticache-replication-group')?.provider, 'amazon-elasticache');
  });

  it('says which classes need credentials and which fields are missing', () => {
    assert.equal(needsCredential('postgresql'), true);
    assert.equal(needsCredential('object-storage'), false);
    assert.deepEqual(missingCredentialFields('mysql', ['user']), ['password']);
    assert.deepEqual(missingCredentialFields('postgresql', ['username', 'password']), []);
  });
});
