import { Principal, domainErrors } from '@fleetplane/http';
import { Role, canActForTeam, isPlatformAdmin, roleAtLeast } from './roles';

/** Something a caller asks to do to a team's resources: the least role it takes, and its words for refusals. */
export interface TeamAction {
  role: Role;
  /** As in "Tokens of dev cannot <register clusters> for ops." */
  to: string;
}

/**
 * The one authorization rule for team resources, which every service asks the same way. A caller acts
 * for its own team, platform admins for every team; another team's resource reads as absent (404, so its
 * name is not the caller's to learn), while a visible one the caller may not change is refused (403).
 */
export const teamPolicy = {
  /** Whether the caller may see `team`'s resources at all; services answer not-found when it may not. */
  canSee(principal: Principal, team: string): boolean {
    return canActForTeam(principal, team);
  },

  /** The only team whose resources a list shows the caller; undefined for platform admins, who see every team. */
  listedTeam(principal: Principal): string | undefined {
    return isPlatformAdmin(principal) ? undefined : principal.team;
  },

  /** Refuses a caller of another team, or with a role below the action's. */
  assertCan(principal: Principal, team: string, action: TeamAction): void {
    if (!canActForTeam(principal, team))
      throw domainErrors.forbidden(`Tokens of ${principal.team} cannot ${action.to} for ${team}.`);
    if (!roleAtLeast(principal.role, action.role)) {
      throw domainErrors.forbidden(
        `This takes the ${action.role} role to ${action.to}; the token has ${principal.role}.`,
      );
    }
  },

  /** Refuses anyone but the admins of the platform team, for what concerns the whole fleet. */
  assertPlatformAdmin(principal: Principal, to: string): void {
    if (!isPlatformAdmin(principal))
      throw domainErrors.forbidden(`Tokens of ${principal.team} cannot ${to}: only platform admins may.`);
  },
};
