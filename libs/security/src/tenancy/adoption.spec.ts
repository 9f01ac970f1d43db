import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AdoptionContext, mayAdopt } from './adoption';

const payments: AdoptionContext = { team: 'payments', byPlatformAdmin: false, grantingTeams: new Set() };

describe('mayAdopt', () => {
  it("adopts objects nobody owns and objects of the adopter's own team", () => {
    assert.equal(mayAdopt({}, payments), true);
    assert.equal(mayAdopt({ application: 'billing', team: 'payments' }, payments), true);
  });

  it("adopts another team's object only with that team's consent or a platform admin's request", () => {
    const searchOwned = { application: 'search', team: 'search' };
    assert.equal(mayAdopt(searchOwned, payments), false);
    assert.equal(mayAdopt(searchOwned, { ...payments, grantingTeams: new Set(['search']) }), true);
    assert.equal(mayAdopt(searchOwned, { ...payments, grantingTeams: new Set(['platform']) }), true);
    assert.equal(mayAdopt(searchOwned, { ...payments, grantingTeams: new Set(['payments']) }), false);
    assert.equal(mayAdopt(searchOwned, { ...payments, byPlatformAdmin: true }), true);
  });
});
