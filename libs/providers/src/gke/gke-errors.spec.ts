import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { translateGoogleError } from './gke-errors';
import { regionOfLocation } from './gke-mapping';

describe('translateGoogleError', () => {
  it('maps gRPC statuses by their canonical names', () => {
    const error = (code: number) => Object.assign(new Error('details'), { code, details: 'details' });
    assert.equal(translateGoogleError(error(5)).code, 'ClusterNotFound');
    assert.equal(translateGoogleError(error(16)).code, 'CredentialInvalid');
    assert.equal(translateGoogleError(error(7)).code, 'PermissionDenied');
    assert.equal(translateGoogleError(error(8)).code, 'Throttled');
    assert.equal(translateGoogleError(error(14)).code, 'CloudUnavailable');
    assert.equal(translateGoogleError(error(3)).cloudCode, 'INVALID_ARGUMENT');
  });

  it('reads an OAuth2 token endpoint refusal as CredentialInvalid with its error code', () => {
    const refusal = Object.assign(new Error('invalid_grant'), {
      response: { status: 400, data: { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' } },
    });
    const translated = translateGoogleError(refusal);
    assert.equal(translated.code, 'CredentialInvalid');
    assert.equal(translated.cloudCode, 'invalid_grant');
    assert.equal(translated.cloudMessage, 'Invalid JWT Signature.');
  });

  it('reads missing application default credentials as CredentialInvalid', () => {
    assert.equal(translateGoogleError(new Error('Could not load the default credentials.')).code, 'CredentialInvalid');
  });
});

describe('regionOfLocation', () => {
  it('turns a zone into its region and leaves a region alone', () => {
    assert.equal(regionOfLocation('us-central1-a'), 'us-central1');
    assert.equal(regionOfLocation('europe-west1'), 'europe-west1');
    assert.equal(regionOfLocation('northamerica-northeast1-b'), 'northamerica-northeast1');
  });
});
