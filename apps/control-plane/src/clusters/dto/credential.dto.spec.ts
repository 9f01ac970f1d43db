import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { API_CREDENTIAL_TYPES, CREDENTIAL_TYPES_BY_PROVIDER } from './credential.dto';

describe('credential types accepted through the API', () => {
  it('are the adapters’ types less files on the control plane’s disk', () => {
    assert.deepEqual(CREDENTIAL_TYPES_BY_PROVIDER.sandbox, ['kubeconfig']);
    assert.deepEqual(CREDENTIAL_TYPES_BY_PROVIDER.aks, [
      'azure-client-secret',
      'azure-workload-identity',
      'azure-default',
    ]);
    assert.deepEqual(API_CREDENTIAL_TYPES, [
      'aws-default-chain',
      'aws-static-keys',
      'aws-assume-role',
      'gcp-application-default',
      'gcp-service-account-key',
      'azure-client-secret',
      'azure-workload-identity',
      'azure-default',
      'kubeconfig',
    ]);
  });
});
