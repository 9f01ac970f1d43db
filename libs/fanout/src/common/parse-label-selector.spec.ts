import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LabelSelectorSyntaxError, parseLabelSelector } from './parse-label-selector';

describe('parseLabelSelector', () => {
  it('reads equality, set-based and existence terms as kubectl does', () => {
    assert.deepEqual(
      parseLabelSelector('tier=web, env in (prod, staging),zone notin (a),!legacy,gpu,team==pay,os!=windows'),
      {
        matchLabels: { tier: 'web', team: 'pay' },
        matchExpressions: [
          { key: 'env', operator: 'In', values: ['prod', 'staging'] },
          { key: 'zone', operator: 'NotIn', values: ['a'] },
          { key: 'legacy', operator: 'DoesNotExist' },
          { key: 'gpu', operator: 'Exists' },
          { key: 'os', operator: 'NotIn', values: ['windows'] },
        ],
      },
    );
  });

  it('reads an empty selector as matching everything', () => {
    assert.deepEqual(parseLabelSelector(''), { matchLabels: {}, matchExpressions: [] });
  });

  it('refuses malformed selectors', () => {
    for (const text of ['env in (a,', 'a=b,,c', 'env in ()', '=x', 'a b']) {
      assert.throws(() => parseLabelSelector(text), LabelSelectorSyntaxError, text);
    }
  });
});
