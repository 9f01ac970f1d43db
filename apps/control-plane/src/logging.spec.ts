import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { QueryFailedError } from 'typeorm';
import { serializeErrorWithoutValues, withoutSecretParameters } from './logging';

const SECRET = 'a3f1c9-token-hash';

describe('serializeErrorWithoutValues', () => {
  it('keeps a failed query’s message and text but not its parameters or the driver’s detail', () => {
    const driverError = Object.assign(new Error('duplicate key value violates unique constraint'), {
      detail: `Key (token_hash)=(${SECRET}) already exists.`,
    });
    const error = new QueryFailedError('INSERT INTO api_tokens (token_hash) VALUES ($1)', [SECRET], driverError);
    const serialized = serializeErrorWithoutValues(error);
    assert.equal(serialized.message, 'duplicate key value violates unique constraint');
    assert.equal(serialized.query, 'INSERT INTO api_tokens (token_hash) VALUES ($1)');
    assert.equal(JSON.stringify(serialized).includes(SECRET), false);
  });

  it('drops the input an invalid URL quotes, in the error and in its causes', () => {
    let invalidUrl: unknown;
    try {
      new URL(SECRET);
    } catch (error) {
      invalidUrl = error;
    }
    const wrapped = new Error('the API server cannot be reached', { cause: invalidUrl });
    const serialized = serializeErrorWithoutValues(wrapped);
    assert.match(String(serialized.message), /cannot be reached/);
    assert.equal(JSON.stringify(serialized).includes(SECRET), false);
  });
});

describe('withoutSecretParameters', () => {
  it("hides the provider's code and the sign-in's state in a logged URL, and keeps the rest", () => {
    assert.equal(
      withoutSecretParameters('/v1/auth/sso/callback?code=abc&state=def&iss=https%3A%2F%2Fidp'),
      '/v1/auth/sso/callback?code=%5Bredacted%5D&state=%5Bredacted%5D&iss=https%3A%2F%2Fidp',
    );
    assert.equal(withoutSecretParameters('/v1/clusters?limit=5'), '/v1/clusters?limit=5');
    assert.equal(withoutSecretParameters('/v1/clusters'), '/v1/clusters');
  });
});
