import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errorFromResponse, errorFromSocket } from './translate-error';

const site = { cluster: 'eks-eu-1', method: 'PATCH', path: '/api/v1/namespaces/shop/configmaps/app' };
const status = (code: number, reason: string, message: string, details?: object): string =>
  JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message, details });

describe('translating API server answers', () => {
  it('maps statuses to codes, and only transient ones to retryable', () => {
    const cases: [number, string, string, boolean][] = [
      [401, 'Unauthorized', 'Unauthorized', false],
      [403, 'Forbidden', 'Forbidden', false],
      [404, 'NotFound', 'NotFound', false],
      [409, 'AlreadyExists', 'AlreadyExists', false],
      [422, 'Invalid', 'Invalid', false],
      [400, 'BadRequest', 'BadRequest', false],
      [429, 'TooManyRequests', 'TooManyRequests', true],
      [500, 'InternalError', 'ServerError', true],
      [503, 'ServiceUnavailable', 'ServerError', true],
    ];
    for (const [httpStatus, reason, code, retryable] of cases) {
      const error = errorFromResponse(site, httpStatus, status(httpStatus, reason, 'no'), undefined);
      assert.deepEqual([error.code, error.retryable], [code, retryable], `HTTP ${httpStatus}`);
    }
  });

  it('names the conflicting managers and fields of an apply conflict, which is not retryable', () => {
    const body = status(409, 'Conflict', 'Apply failed with 2 conflicts', {
      causes: [
        {
          reason: 'FieldManagerConflict',
          message: 'conflict with "kubectl-edit" using apps/v1',
          field: '.spec.replicas',
        },
        { reason: 'FieldManagerConflict', message: 'conflict with "helm"', field: '.data.LOG_LEVEL' },
      ],
    });
    const error = errorFromResponse(site, 409, body, undefined);
    assert.equal(error.code, 'Conflict');
    assert.equal(error.retryable, false);
    assert.deepEqual(error.conflicts, [
      { manager: 'kubectl-edit', field: '.spec.replicas' },
      { manager: 'helm', field: '.data.LOG_LEVEL' },
    ]);
  });

  it('treats an optimistic-concurrency conflict as retryable', () => {
    const body = status(
      409,
      'Conflict',
      'the object has been modified; please apply your changes to the latest version',
    );
    assert.equal(errorFromResponse(site, 409, body, undefined).retryable, true);
  });

  it('keeps the field paths of a validation failure', () => {
    const body = status(422, 'Invalid', 'Deployment.apps "web" is invalid', {
      causes: [{ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.template.spec.containers' }],
    });
    assert.deepEqual(errorFromResponse(site, 422, body, undefined).causes, [
      { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.template.spec.containers' },
    ]);
  });

  it('takes Retry-After from the header, then from the Status, else one second', () => {
    const throttled = status(429, 'TooManyRequests', 'slow down', { retryAfterSeconds: 3 });
    assert.equal(errorFromResponse(site, 429, throttled, '9').retryAfterSeconds, 9);
    assert.equal(errorFromResponse(site, 429, throttled, undefined).retryAfterSeconds, 3);
    assert.equal(errorFromResponse(site, 429, 'too many', undefined).retryAfterSeconds, 1);
  });

  it('keeps the object name a 404 is about, and none when the path itself is unknown', () => {
    const missing = status(404, 'NotFound', 'configmaps "app" not found', { name: 'app', kind: 'configmaps' });
    assert.equal(errorFromResponse(site, 404, missing, undefined).detailsName, 'app');
    const unknownPath = status(404, 'NotFound', 'the server could not find the requested resource');
    assert.equal(errorFromResponse(site, 404, unknownPath, undefined).detailsName, undefined);
  });

  it('says which cluster and request failed, even without a Status body', () => {
    const error = errorFromResponse(site, 502, '<html>bad gateway</html>', undefined);
    assert.equal(error.code, 'ServerError');
    assert.match(error.message, /^eks-eu-1: HTTP 502/);
    assert.equal(error.request, 'PATCH /api/v1/namespaces/shop/configmaps/app');
  });
});

describe('translating socket failures', () => {
  it('a refused or timed-out connection is retryable Unreachable', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND']) {
      const error = errorFromSocket(site, Object.assign(new Error(code), { code }));
      assert.deepEqual([error.code, error.retryable], ['Unreachable', true], code);
    }
  });

  it('a refused, reset, timed-out or TLS-rejected connection reads alike, without the socket’s own message', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'SELF_SIGNED_CERT_IN_CHAIN']) {
      const error = errorFromSocket(site, Object.assign(new Error(`connect ${code} 127.0.0.1:6443`), { code }));
      assert.equal(error.message, 'eks-eu-1: API server unreachable', code);
    }
  });

  it('an answer that is no Kubernetes Status is reported by its status code alone', () => {
    const error = errorFromResponse(site, 500, '<html>secret listener page</html>', undefined);
    assert.equal(error.message, 'eks-eu-1: HTTP 500');
  });

  it('a certificate the kubeconfig does not trust is TlsRejected and not retryable', () => {
    const error = errorFromSocket(site, Object.assign(new Error('self-signed'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' }));
    assert.deepEqual([error.code, error.retryable], ['TlsRejected', false]);
  });
});
