import { DomainError, Principal } from '@fleetplane/http';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { teamPolicy } from './team-policy';

const principal = (team: string, role: Principal['role']): Principal => ({
  tokenId: `${team}-${role}`,
  tokenName: `${team} ${role}`,
  actor: `token:${team}-${role}`,
  team,
  role,
});

const platformAdmin = principal('platform', 'admin');
const deploy = { role: 'operator', to: 'deploy' } as const;

function refusal(work: () => void): DomainError {
  try {
    work();
  } catch (error) {
    assert.ok(error instanceof DomainError);
    return error;
  }
  assert.fail('expected a refusal');
}

describe('teamPolicy', () => {
  describe('canSee', () => {
    it('lets a caller see its own team’s resources and no other team’s', () => {
      assert.equal(teamPolicy.canSee(principal('apps', 'viewer'), 'apps'), true);
      assert.equal(teamPolicy.canSee(principal('apps', 'admin'), 'data'), false);
    });

    it('lets platform admins see every team, but not the platform team’s operators', () => {
      assert.equal(teamPolicy.canSee(platformAdmin, 'data'), true);
      assert.equal(teamPolicy.canSee(principal('platform', 'operator'), 'data'), false);
    });
  });

  describe('listedTeam', () => {
    it('restricts a list to the caller’s team, and not at all for platform admins', () => {
      assert.equal(teamPolicy.listedTeam(principal('apps', 'admin')), 'apps');
      assert.equal(teamPolicy.listedTeam(platformAdmin), undefined);
    });
  });

  describe('assertCan', () => {
    it('allows a caller of the team with at least the action’s role, and platform admins anywhere', () => {
      teamPolicy.assertCan(principal('apps', 'operator'), 'apps', deploy);
      teamPolicy.assertCan(principal('apps', 'admin'), 'apps', deploy);
      teamPolicy.assertCan(platformAdmin, 'apps', deploy);
    });

    it('refuses another team’s caller as forbidden, naming both teams', () => {
      const error = refusal(() => teamPolicy.assertCan(principal('apps', 'admin'), 'data', deploy));
      assert.equal(error.code, 'forbidden');
      assert.equal(error.message, 'Tokens of apps cannot deploy for data.');
    });

    it('refuses a role below the action’s as forbidden, naming both roles', () => {
      const error = refusal(() => teamPolicy.assertCan(principal('apps', 'viewer'), 'apps', deploy));
      assert.equal(error.code, 'forbidden');
      assert.equal(error.message, 'This takes the operator role to deploy; the token has viewer.');
    });
  });

  describe('assertPlatformAdmin', () => {
    it('allows only admins of the platform team', () => {
      teamPolicy.assertPlatformAdmin(platformAdmin, 'rotate keys');
      for (const caller of [principal('platform', 'operator'), principal('apps', 'admin')]) {
        const error = refusal(() => teamPolicy.assertPlatformAdmin(caller, 'rotate keys'));
        assert.equal(error.code, 'forbidden');
        assert.match(error.message, /cannot rotate keys: only platform admins may/);
      }
    });
  });
});
