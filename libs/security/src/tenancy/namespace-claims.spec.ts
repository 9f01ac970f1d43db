import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Principal } from '@fleetplane/http';
import { ClaimRef, deployDenial, foreignClaim, grantDenial, revokeDenial } from './namespace-claims';

const aClaim = (overrides: Partial<ClaimRef> = {}): ClaimRef => ({
  namespace: 'payments',
  clusterId: null,
  applicationId: 'app-ledger',
  application: 'ledger',
  team: 'payments',
  ...overrides,
});
const aPrincipal = (team: string, role: Principal['role']): Principal => ({
  tokenId: `${team}-${role}`,
  tokenName: `${team}-${role}`,
  actor: `token:${team}-${role}`,
  team,
  role,
});

describe('foreignClaim', () => {
  it("finds another team's claim that holds fleet-wide or on the cluster asked about", () => {
    const onAws = aClaim({ clusterId: 'aws' });
    assert.equal(foreignClaim([onAws], 'payments', 'search', 'aws'), onAws);
    assert.equal(foreignClaim([onAws], 'payments', 'search', null), onAws, 'a fleet-wide question meets every cluster');
    assert.equal(foreignClaim([onAws], 'payments', 'search', 'gcp'), undefined);
    assert.equal(foreignClaim([aClaim()], 'payments', 'payments', 'aws'), undefined, "the team's own claims");
    assert.equal(foreignClaim([aClaim()], 'search', 'search', 'aws'), undefined, 'other namespaces');
  });
});

describe('deployDenial', () => {
  const ledger = { applicationId: 'app-ledger', team: 'payments' };

  it('lets an application into a namespace it claims fleet-wide or on that cluster', () => {
    assert.equal(deployDenial([aClaim()], 'payments', ledger, 'aws'), undefined);
    assert.equal(deployDenial([aClaim({ clusterId: 'aws' })], 'payments', ledger, 'aws'), undefined);
  });

  it("names the owner of a namespace another team's application claims", () => {
    const claims = [aClaim({ applicationId: 'app-search', application: 'search', team: 'search' })];
    assert.equal(
      deployDenial(claims, 'payments', ledger, 'aws'),
      'namespace payments belongs to application search of team search',
    );
  });

  it('refuses a namespace the application does not claim, even one its own team or another cluster claims', () => {
    const sibling = aClaim({ applicationId: 'app-billing', application: 'billing' });
    assert.match(deployDenial([sibling], 'payments', ledger, 'aws') ?? '', /not claimed by this application/);
    assert.match(deployDenial([aClaim({ clusterId: 'gcp' })], 'payments', ledger, 'aws') ?? '', /not claimed/);
  });

  it("lets the platform team's applications into any namespace no other team claims", () => {
    const platformApp = { applicationId: 'app-ingress', team: 'platform' };
    assert.equal(deployDenial([], 'ingress', platformApp, 'aws'), undefined);
    assert.match(deployDenial([aClaim()], 'payments', platformApp, 'aws') ?? '', /belongs to application ledger/);
  });
});

describe('grantDenial', () => {
  it("lets a team admin claim a namespace nobody else holds for the team's application", () => {
    assert.equal(grantDenial(aPrincipal('payments', 'admin'), 'payments', [], null), undefined);
  });

  it('refuses operators and admins of unrelated teams', () => {
    assert.match(grantDenial(aPrincipal('payments', 'operator'), 'payments', [], null) ?? '', /admin role/);
    assert.match(grantDenial(aPrincipal('search', 'admin'), 'payments', [], null) ?? '', /cannot grant/);
  });

  it("needs the holding team's admin or a platform admin for a namespace another team holds", () => {
    const held = [aClaim({ team: 'search', application: 'search', applicationId: 'app-search' })];
    assert.match(grantDenial(aPrincipal('payments', 'admin'), 'payments', held, null) ?? '', /belongs to team search/);
    assert.equal(grantDenial(aPrincipal('search', 'admin'), 'payments', held, null), undefined, "the owner's consent");
    assert.equal(grantDenial(aPrincipal('platform', 'admin'), 'payments', held, null), undefined);
  });

  it('looks only at holders whose claims meet the scope granted', () => {
    const heldOnGcp = [aClaim({ team: 'search', clusterId: 'gcp' })];
    assert.equal(grantDenial(aPrincipal('payments', 'admin'), 'payments', heldOnGcp, 'aws'), undefined);
    assert.match(grantDenial(aPrincipal('payments', 'admin'), 'payments', heldOnGcp, null) ?? '', /team search/);
  });
});

describe('revokeDenial', () => {
  it("lets admins of the claim's team, of the team that granted it, and platform admins revoke", () => {
    const claim = { team: 'payments', grantedByTeam: 'search' };
    assert.equal(revokeDenial(aPrincipal('payments', 'admin'), claim), undefined);
    assert.equal(revokeDenial(aPrincipal('search', 'admin'), claim), undefined);
    assert.equal(revokeDenial(aPrincipal('platform', 'admin'), claim), undefined);
    assert.match(revokeDenial(aPrincipal('payments', 'operator'), claim) ?? '', /admin role/);
    assert.match(revokeDenial(aPrincipal('catalog', 'admin'), claim) ?? '', /cannot revoke/);
  });
});
