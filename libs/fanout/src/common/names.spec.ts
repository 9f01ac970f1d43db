import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { labelValueViolation, qualifiedNameIssue, qualifiedNameViolation } from './names';

describe('qualifiedNameIssue (label and annotation keys)', () => {
  it('accepts a plain name and a name under a DNS subdomain prefix', () => {
    for (const key of ['app', 'tier.v2', 'A_b-c', 'example.com/tier', 'topology.kubernetes.io/zone', 'x'.repeat(63)])
      assert.equal(qualifiedNameIssue(key), undefined, key);
  });

  it('names the prefix when the prefix is empty, not a DNS subdomain, or too long', () => {
    for (const key of ['/tier', 'Example.com/tier', 'ex_ample.com/tier', `${'a'.repeat(254)}/tier`])
      assert.equal(qualifiedNameIssue(key)?.part, 'prefix', key);
  });

  it('names the name part when it is empty, too long, or not alphanumeric at both ends', () => {
    for (const key of ['', 'example.com/', 'x'.repeat(64), '-tier', 'tier.', 'ti er'])
      assert.equal(qualifiedNameIssue(key)?.part, 'name', key);
  });

  it('says the same as one sentence', () => {
    assert.equal(qualifiedNameViolation('/tier'), 'prefix must not be empty');
    assert.equal(qualifiedNameViolation(''), 'name part must not be empty');
    assert.equal(qualifiedNameViolation('example.com/tier'), undefined);
  });
});

describe('labelValueViolation', () => {
  it('accepts an empty value and up to 63 label-safe characters', () => {
    for (const value of ['', 'web', 'v1.2_3-x', 'x'.repeat(63)]) assert.equal(labelValueViolation(value), undefined);
  });

  it('refuses longer values and values that do not start and end alphanumeric', () => {
    for (const value of ['x'.repeat(64), '-web', 'web.', 'a b']) assert.notEqual(labelValueViolation(value), undefined);
  });
});
