import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { translateAwsError } from './aws-errors';

const awsError = (name: string, status: number, extra: object = {}) =>
  Object.assign(new Error(`${name} message`), { name, $metadata: { httpStatusCode: status }, ...extra });

describe('translateAwsError', () => {
  const cases: Array<[string, number, string]> = [
    ['ResourceNotFoundException', 404, 'ClusterNotFound'],
    ['UnrecognizedClientException', 403, 'CredentialInvalid'],
    ['ExpiredTokenException', 403, 'CredentialInvalid'],
    ['AccessDeniedException', 403, 'PermissionDenied'],
    ['ThrottlingException', 400, 'Throttled'],
    ['ServerException', 500, 'CloudUnavailable'],
    ['ServiceUnavailableException', 503, 'CloudUnavailable'],
    ['InvalidParameterException', 400, 'InvalidRequest'],
  ];
  for (const [name, status, code] of cases) {
    it(`maps ${name} (${status}) to ${code}, keeping the cloud's code and message`, () => {
      const translated = translateAwsError(awsError(name, status));
      assert.equal(translated.code, code);
      assert.equal(translated.cloudCode, name);
      assert.equal(translated.cloudMessage, `${name} message`);
    });
  }

  it('treats a socket failure without an HTTP answer as CloudUnavailable', () => {
    assert.equal(
      translateAwsError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })).code,
      'CloudUnavailable',
    );
  });
});
