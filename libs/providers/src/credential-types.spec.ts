import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CredentialOf, ProviderKind } from './cloud-provider';
import { CREDENTIAL_TYPES_OF_PROVIDER } from './credential-types';

/** Fails to compile when a provider's credential union gains a type its list does not name. */
type Unlisted = {
  [K in ProviderKind]: Exclude<CredentialOf<K>['type'], (typeof CREDENTIAL_TYPES_OF_PROVIDER)[K][number]>;
}[ProviderKind];
const everyTypeListed: [Unlisted] extends [never] ? true : false = true;

describe('CREDENTIAL_TYPES_OF_PROVIDER', () => {
  it('names every credential type of every provider', () => {
    assert.equal(everyTypeListed, true);
  });

  it('gives each cloud its own types, and lets sandbox clusters also use kubeconfig files', () => {
    assert.deepEqual(CREDENTIAL_TYPES_OF_PROVIDER.eks, ['aws-default-chain', 'aws-static-keys', 'aws-assume-role']);
    assert.deepEqual(CREDENTIAL_TYPES_OF_PROVIDER.kubeconfig, ['kubeconfig']);
    assert.deepEqual(CREDENTIAL_TYPES_OF_PROVIDER.sandbox, ['kubeconfig', 'kubeconfig-file', 'kubeconfig-directory']);
  });
});
