import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { translateAzureError } from './aks-errors';
import { aksClusterStatus, resourceGroupOf } from './aks-mapping';

const restError = (statusCode: number, code: string) =>
  Object.assign(new Error(`${code} message`), { name: 'RestError', statusCode, code });

describe('translateAzureError', () => {
  it('maps ARM answers by HTTP status, keeping ARM error code and message', () => {
    assert.equal(translateAzureError(restError(404, 'ResourceNotFound')).code, 'ClusterNotFound');
    assert.equal(translateAzureError(restError(401, 'InvalidAuthenticationToken')).code, 'CredentialInvalid');
    assert.equal(translateAzureError(restError(403, 'AuthorizationFailed')).code, 'PermissionDenied');
    assert.equal(translateAzureError(restError(429, 'TooManyRequests')).code, 'Throttled');
    assert.equal(translateAzureError(restError(503, 'ServiceUnavailable')).code, 'CloudUnavailable');
    const translated = translateAzureError(restError(400, 'BadRequest'));
    assert.equal(translated.code, 'InvalidRequest');
    assert.equal(translated.cloudCode, 'BadRequest');
    assert.equal(translated.cloudMessage, 'BadRequest message');
  });

  it("reads Entra ID's refusal as CredentialInvalid with Entra's own error", () => {
    const refusal = Object.assign(new Error('AADSTS7000215'), {
      name: 'AuthenticationError',
      statusCode: 400,
      errorResponse: { error: 'invalid_client', errorDescription: 'AADSTS7000215: Invalid client secret provided.' },
    });
    const translated = translateAzureError(refusal);
    assert.equal(translated.code, 'CredentialInvalid');
    assert.equal(translated.cloudCode, 'invalid_client');
    assert.match(translated.cloudMessage ?? '', /Invalid client secret/);
  });
});

describe('AKS mapping', () => {
  it('derives status from provisioning and power state', () => {
    assert.equal(aksClusterStatus('Succeeded', 'Running'), 'running');
    assert.equal(aksClusterStatus('Succeeded', 'Stopped'), 'stopped');
    assert.equal(aksClusterStatus('Upgrading', 'Running'), 'updating');
    assert.equal(aksClusterStatus('Failed', undefined), 'failed');
    assert.equal(aksClusterStatus('SomethingNew', undefined), 'unknown');
  });

  it('reads the resource group from an ARM id whatever its case', () => {
    assert.equal(
      resourceGroupOf('/subscriptions/s/resourcegroups/rg1/providers/Microsoft.ContainerService/managedClusters/c'),
      'rg1',
    );
    assert.equal(resourceGroupOf('/subscriptions/s/resourceGroups/Prod-RG/providers/x/y/z'), 'Prod-RG');
  });
});
