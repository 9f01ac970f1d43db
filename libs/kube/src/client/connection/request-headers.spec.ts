import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { requestHeadersOf } from './request-headers';

describe('requestHeadersOf', () => {
  it('carries the kubeconfig user’s headers with their names in lower case, as HTTP/2 requires', () => {
    assert.deepEqual(requestHeadersOf({ headers: { Authorization: 'Bearer abc', 'Impersonate-User': 'jane' } }), {
      authorization: 'Bearer abc',
      'impersonate-user': 'jane',
    });
  });

  it('turns a username and password into Basic auth (RFC 7617)', () => {
    assert.deepEqual(requestHeadersOf({ auth: 'admin:s3cret' }), {
      authorization: `Basic ${Buffer.from('admin:s3cret').toString('base64')}`,
    });
  });

  it('has no headers for a user without credentials in them (a client certificate)', () => {
    assert.deepEqual(requestHeadersOf({}), {});
  });
});
