import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { secretFields } from './secret-fields';

describe('secretFields', () => {
  it("reads a JSON object's members as fields, non-strings as their JSON text", () => {
    assert.deepEqual(secretFields('{"username":"app","password":"p","port":5432,"tls":true,"hosts":["a","b"]}'), {
      username: 'app',
      password: 'p',
      port: '5432',
      tls: 'true',
      hosts: '["a","b"]',
    });
  });

  it('reads any other text, JSON arrays and scalars included, as the one field "value"', () => {
    assert.deepEqual(secretFields('plain token'), { value: 'plain token' });
    assert.deepEqual(secretFields('["a"]'), { value: '["a"]' });
    assert.deepEqual(secretFields('42'), { value: '42' });
    assert.deepEqual(secretFields('null'), { value: 'null' });
  });
});
