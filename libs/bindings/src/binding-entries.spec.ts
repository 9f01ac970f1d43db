import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bindingEntries, redactedEntries } from './binding-entries';
import { BindingError } from './bindings.errors';
import { anInstance } from './testing/binding.factory';

describe('binding Secret entries', () => {
  it('gives a PostgreSQL binding type, provider and the well-known entries, with a URI that carries the credential', () => {
    const result = bindingEntries(anInstance(), { username: 'orders_app', password: 'p@ss word', dbname: 'orders' });
    assert.deepEqual(result.entries, {
      type: 'postgresql',
      provider: 'amazon-rds',
      host: 'orders.abc.us-east-1.rds.amazonaws.com',
      port: '5432',
      database: 'orders',
      username: 'orders_app',
      password: 'p@ss word',
      sslmode: 'require',
      uri: 'postgresql://orders_app:p%40ss%20word@orders.abc.us-east-1.rds.amazonaws.com:5432/orders?sslmode=require',
    });
    assert.deepEqual(result.secretKeys.sort(), ['password', 'uri', 'username']);
  });

  it('keeps the instance endpoint over a host the credential repeats', () => {
    const result = bindingEntries(anInstance(), { username: 'u', password: 'p', host: 'stale.example.com', port: '1' });
    assert.equal(result.entries.host, 'orders.abc.us-east-1.rds.amazonaws.com');
    assert.equal(result.entries.port, '5432');
  });

  it('refuses a PostgreSQL credential without a password, naming what is missing', () => {
    assert.throws(
      () => bindingEntries(anInstance(), { username: 'u' }),
      (error: unknown) => error instanceof BindingError && /lacks password/.test(error.message),
    );
  });

  it('gives a bucket its name, region and s3 uri, with nothing secret', () => {
    const bucket = anInstance({
      serviceClass: 'object-storage',
      product: 's3-bucket',
      name: 'acme-invoices',
      region: 'eu-west-1',
      endpoint: undefined,
      uri: 's3://acme-invoices',
    });
    const result = bindingEntries(bucket, {});
    assert.deepEqual(result.entries, {
      type: 'object-storage',
      provider: 'amazon-s3',
      bucket: 'acme-invoices',
      region: 'eu-west-1',
      uri: 's3://acme-invoices',
    });
    assert.deepEqual(result.secretKeys, []);
  });

  it('gives a redis binding a URI without user info when there is no password', () => {
    const redis = anInstance({
      serviceClass: 'redis',
      product: 'elasticache-replication-group',
      endpoint: { host: 'master.sessions.cache.amazonaws.com', port: 6379 },
    });
    assert.equal(bindingEntries(redis, {}).entries.uri, 'redis://master.sessions.cache.amazonaws.com:6379');
    assert.equal(
      bindingEntries(redis, { password: 'tok' }).entries.uri,
      'redis://:tok@master.sessions.cache.amazonaws.com:6379',
    );
  });

  it('projects a secret-class binding as the secret fields, all of them secret', () => {
    const secret = anInstance({ serviceClass: 'secret', product: 'secretsmanager-secret', endpoint: undefined });
    const result = bindingEntries(secret, { 'api-key': 'k-1', 'bad key!': 'x' });
    assert.deepEqual(result.entries, { type: 'secret', provider: 'aws-secrets-manager', 'api-key': 'k-1' });
    assert.deepEqual(redactedEntries(result), {
      type: 'secret',
      provider: 'aws-secrets-manager',
      'api-key': '(redacted)',
    });
  });
});
