import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../api/api-error';
import { parseAccept, requireJsonAccepted } from './media-types';

describe('media types of requests and answers', () => {
  it('reads an Accept header as media ranges with their parameters, in the order given', () => {
    assert.deepEqual(parseAccept('application/json;as=Table;v=v1;g=meta.k8s.io, application/json'), [
      { type: 'application/json', params: { as: 'Table', v: 'v1', g: 'meta.k8s.io' } },
      { type: 'application/json', params: {} },
    ]);
    assert.deepEqual(parseAccept(undefined), []);
  });

  it('answers in JSON whenever the client accepts it, even after protobuf, or names nothing', () => {
    requireJsonAccepted('application/vnd.kubernetes.protobuf, application/json');
    requireJsonAccepted('*/*');
    requireJsonAccepted(undefined);
  });

  it('refuses with 406 NotAcceptable a client that accepts only protobuf', () => {
    assert.throws(
      () => requireJsonAccepted('application/vnd.kubernetes.protobuf'),
      (error: ApiError) => error.code === 406 && error.status.reason === 'NotAcceptable',
    );
  });
});
