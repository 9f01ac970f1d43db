import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { labelKeyProblem } from './label-map.validator';

describe('labelKeyProblem', () => {
  it('accepts Kubernetes label keys, with or without a prefix', () => {
    for (const key of ['tier', 'example.com/tier', 'topology.kubernetes.io/zone'])
      assert.equal(labelKeyProblem(key), undefined, key);
  });

  it('names an invalid prefix', () => {
    assert.equal(
      labelKeyProblem('Example.com/tier'),
      'label key Example.com/tier has an invalid prefix (a DNS subdomain)',
    );
    assert.equal(labelKeyProblem('/tier'), 'label key /tier has an invalid prefix (a DNS subdomain)');
  });

  it('describes the name rule for an invalid name part', () => {
    const long = 'x'.repeat(64);
    assert.equal(
      labelKeyProblem(long),
      `label key ${long} must be at most 63 letters, digits, -, _ or ., starting and ending alphanumeric`,
    );
    assert.equal(
      labelKeyProblem('example.com/-tier'),
      'label key example.com/-tier must be at most 63 letters, digits, -, _ or ., starting and ending alphanumeric',
    );
  });
});
