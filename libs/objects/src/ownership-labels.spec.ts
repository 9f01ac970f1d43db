import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { managerName, ownedObjectsSelector, ownershipKeys } from './ownership-labels';

describe('ownedObjectsSelector', () => {
  it('selects what this control plane manages for the one application', () => {
    assert.equal(
      ownedObjectsSelector('shop'),
      'app.kubernetes.io/managed-by=fleetplane,fleetplane.io/application=shop',
    );
  });

  it('is built from the same keys and manager name the control plane stamps', () => {
    assert.equal(
      ownedObjectsSelector('shop'),
      `${ownershipKeys.managedBy}=${managerName},${ownershipKeys.application}=shop`,
    );
  });
});
