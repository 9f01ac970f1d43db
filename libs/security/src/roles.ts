import type { Principal } from '@fleetplane/http';
import { ROLES, Role } from '@fleetplane/persistence';

export { ROLES, type Role };

/** The team whose admins administer the whole fleet (every team); the bootstrap token belongs to it. */
export const PLATFORM_TEAM = 'platform';

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

export function roleAtLeast(role: Role, required: Role): boolean {
  return RANK[role] >= RANK[required];
}

export function isPlatformAdmin(principal: Principal): boolean {
  return principal.team === PLATFORM_TEAM && principal.role === 'admin';
}

/** Whether the caller may act on resources of `team` (platform admins may act on every team). */
export function canActForTeam(principal: Principal, team: string): boolean {
  return principal.team === team || isPlatformAdmin(principal);
}
