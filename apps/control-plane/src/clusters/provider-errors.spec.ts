import { ClusterNotFound, CloudUnavailable, CredentialInvalid, UnknownProviderKind } from '@fleetplane/providers';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { providerError } from './provider-errors';

const details = { provider: 'eks', cloudCode: 'ResourceNotFoundException', cloudMessage: 'No cluster found' };

describe('providerError', () => {
  it('reads a cluster the cloud does not know as not found, naming the reference and the cloud’s code', () => {
    const error = providerError(new ClusterNotFound('EKS cluster ghost not found', details));
    assert.equal(error.code, 'not-found');
    assert.equal(error.options.slug, 'cluster-not-found-in-cloud');
    assert.equal(error.title, 'Cluster not found in the cloud');
    assert.equal(error.message, 'EKS cluster ghost not found');
    assert.deepEqual(error.options.context, details);
    assert.deepEqual(error.options.fields, [{ field: 'ref', message: 'the cloud answered ResourceNotFoundException' }]);
  });

  it('reads a refused credential as unprocessable, naming the credential with the cloud’s message', () => {
    const error = providerError(new CredentialInvalid('EKS refused the credential', details));
    assert.equal(error.code, 'unprocessable');
    assert.equal(error.options.slug, 'credential-invalid');
    assert.deepEqual(error.options.fields, [{ field: 'credential', message: 'No cluster found' }]);
  });

  it('reads an unknown provider kind as a wrong reference, without cloud facts', () => {
    const error = providerError(new UnknownProviderKind('no provider ibm', { provider: 'ibm' }));
    assert.equal(error.code, 'invalid-reference');
    assert.equal(error.options.slug, 'unknown-provider');
    assert.equal(error.options.context, undefined);
  });

  it('reads an unavailable cloud as worth retrying in 5 s, nothing registered', () => {
    const error = providerError(new CloudUnavailable('EKS did not answer', details));
    assert.equal(error.code, 'upstream-unavailable');
    assert.equal(error.options.slug, 'cloud-unavailable');
    assert.equal(error.options.retryAfterSeconds, 5);
    assert.equal(error.message, 'EKS did not answer; nothing was registered, retry later.');
  });
});
