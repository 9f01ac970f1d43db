import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LabelSelector } from '@fleetplane/fanout';
import { bindingConflicts, scopesTie } from './ambiguity';
import { selectorsCanOverlap } from './selector-overlap';

describe('ambiguity of binding scopes', () => {
  it('ties the same scope value at every level', () => {
    assert.ok(scopesTie({ level: 'region', region: 'us-east-1' }, { level: 'region', region: 'us-east-1' }));
    assert.ok(scopesTie({ level: 'cluster', cluster: 'a' }, { level: 'cluster', cluster: 'a' }));
    assert.ok(scopesTie({ level: 'default' }, { level: 'default' }));
    assert.ok(scopesTie({ level: 'cloud', cloud: 'aws' }, { level: 'cloud', cloud: 'aws' }));
    assert.ok(scopesTie({ level: 'environment', environment: 'prod' }, { level: 'environment', environment: 'prod' }));
  });

  it('never ties different values of one level, nor different levels', () => {
    assert.equal(scopesTie({ level: 'region', region: 'us-east-1' }, { level: 'region', region: 'eu-west-1' }), false);
    assert.equal(scopesTie({ level: 'region', region: 'us-east-1' }, { level: 'default' }), false);
  });

  it('ties two label selectors that one cluster can satisfy together', () => {
    const gold = { level: 'labels' as const, selector: { matchLabels: { tier: 'gold' } } };
    const eu = { level: 'labels' as const, selector: { matchLabels: { geo: 'eu' } } };
    assert.ok(scopesTie(gold, eu));
  });

  it('names both bindings in a conflict, and ignores the binding being replaced', () => {
    const candidate = { id: 'new', scope: { level: 'labels' as const, selector: { matchLabels: { tier: 'gold' } } } };
    const existing = [
      { id: 'new', scope: candidate.scope },
      {
        id: 'old',
        scope: {
          level: 'labels' as const,
          selector: { matchExpressions: [{ key: 'tier', operator: 'Exists' as const }] },
        },
      },
      { id: 'other', scope: { level: 'region' as const, region: 'us-east-1' } },
    ];
    const conflicts = bindingConflicts(candidate, existing);
    assert.deepEqual(
      conflicts.map((conflict) => conflict.existing.id),
      ['old'],
    );
    assert.match(
      conflicts[0].message,
      /scope labels tier=gold is as specific as the existing binding old \(scope labels tier\)/,
    );
  });
});

describe('label selectors that can both match', () => {
  const cases: Array<[string, LabelSelector[], boolean]> = [
    ['different keys', [{ matchLabels: { a: '1' } }, { matchLabels: { b: '1' } }], true],
    ['the same key and value', [{ matchLabels: { a: '1' } }, { matchLabels: { a: '1' } }], true],
    ['the same key, other values', [{ matchLabels: { a: '1' } }, { matchLabels: { a: '2' } }], false],
    [
      'In sets that intersect',
      [
        { matchExpressions: [{ key: 'a', operator: 'In', values: ['1', '2'] }] },
        { matchExpressions: [{ key: 'a', operator: 'In', values: ['2', '3'] }] },
      ],
      true,
    ],
    [
      'In sets that do not',
      [
        { matchExpressions: [{ key: 'a', operator: 'In', values: ['1'] }] },
        { matchExpressions: [{ key: 'a', operator: 'In', values: ['3'] }] },
      ],
      false,
    ],
    [
      'Exists against DoesNotExist',
      [
        { matchExpressions: [{ key: 'a', operator: 'Exists' }] },
        { matchExpressions: [{ key: 'a', operator: 'DoesNotExist' }] },
      ],
      false,
    ],
    [
      'a value against DoesNotExist',
      [{ matchLabels: { a: '1' } }, { matchExpressions: [{ key: 'a', operator: 'DoesNotExist' }] }],
      false,
    ],
    [
      'a value against NotIn that value',
      [{ matchLabels: { a: '1' } }, { matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['1'] }] }],
      false,
    ],
    [
      'NotIn alone (another value exists)',
      [
        { matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['1'] }] },
        { matchExpressions: [{ key: 'a', operator: 'Exists' }] },
      ],
      true,
    ],
    ['the empty selector (matches everything)', [{}, { matchLabels: { a: '1' } }], true],
  ];
  for (const [name, selectors, expected] of cases) {
    it(`${expected ? 'overlap' : 'are disjoint'}: ${name}`, () => {
      assert.equal(selectorsCanOverlap(...selectors), expected);
    });
  }
});
