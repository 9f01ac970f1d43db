import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bindingNameViolation, bindingSecretName, bindingVolumeName } from './binding-names';

describe('binding names', () => {
  it('accepts names the Service Binding spec allows that also name a directory and a Secret', () => {
    for (const name of ['orders-db', 'db', 'orders.db', 'a1', '0'])
      assert.equal(bindingNameViolation(name), undefined, name);
  });

  it('refuses what the spec forbids and what cannot be a directory or Secret name', () => {
    for (const name of ['Orders', 'orders_db', '', 'a/b', '.', '..', '-db', 'db-', 'a..b', 'x'.repeat(64)]) {
      assert.notEqual(bindingNameViolation(name), undefined, name);
    }
  });

  it('names the Secret after the application and binding, and a volume as a DNS label', () => {
    assert.equal(bindingSecretName('shop', 'orders-db'), 'shop-orders-db-binding');
    assert.equal(bindingVolumeName('orders-db'), 'binding-orders-db');
    assert.match(bindingVolumeName('orders.db'), /^binding-[0-9a-f]{16}$/);
    assert.ok(bindingVolumeName('x'.repeat(63)).length <= 63);
  });
});
