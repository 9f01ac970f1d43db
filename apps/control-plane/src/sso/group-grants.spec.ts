import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GroupMapping, grantFor } from './group-grants';

const mappings: GroupMapping[] = [
  { group: 'payments-devs', teamName: 'payments', role: 'operator' },
  { group: 'payments-leads', teamName: 'payments', role: 'admin' },
  { group: 'everyone', teamName: 'payments', role: 'viewer' },
  { group: 'search-devs', teamName: 'search', role: 'operator' },
];

describe('grantFor', () => {
  it('grants the team of the mapped groups with the highest role among them', () => {
    assert.deepEqual(grantFor(['everyone', 'payments-leads', 'payments-devs', 'unmapped'], mappings), {
      kind: 'granted',
      team: 'payments',
      role: 'admin',
      groups: ['everyone', 'payments-devs', 'payments-leads'],
    });
  });

  it('grants nothing to groups no mapping names, or to no groups', () => {
    assert.deepEqual(grantFor(['contractors'], mappings), { kind: 'none' });
    assert.deepEqual(grantFor([], mappings), { kind: 'none' });
  });

  it('refuses groups mapped to several teams, naming them', () => {
    assert.deepEqual(grantFor(['search-devs', 'payments-devs'], mappings), {
      kind: 'ambiguous',
      teams: ['payments', 'search'],
    });
  });
});
