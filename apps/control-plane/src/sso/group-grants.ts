import { Role, roleAtLeast } from '@fleetplane/security';

/** A mapping as the grant rule needs it: a group granting a role in a team. */
export interface GroupMapping {
  group: string;
  teamName: string;
  role: Role;
}

/** What a person's groups grant: one team and its highest role, nothing, or several teams (refused). */
export type GroupGrant =
  | { kind: 'granted'; team: string; role: Role; groups: string[] }
  | { kind: 'none' }
  | { kind: 'ambiguous'; teams: string[] };

/**
 * The one rule from groups to a grant. A session acts for one team, so groups mapped to several teams
 * are refused rather than guessed between (no priority to get wrong); within one team, the highest role
 * any of the groups grants wins.
 */
export function grantFor(groups: readonly string[], mappings: readonly GroupMapping[]): GroupGrant {
  const held = new Set(groups);
  const matched = mappings.filter((mapping) => held.has(mapping.group));
  const teams = [...new Set(matched.map((mapping) => mapping.teamName))].sort();
  if (teams.length === 0) return { kind: 'none' };
  if (teams.length > 1) return { kind: 'ambiguous', teams };
  const role = matched
    .map((mapping) => mapping.role)
    .reduce((highest, role) => (roleAtLeast(role, highest) ? role : highest));
  return { kind: 'granted', team: teams[0], role, groups: matched.map((mapping) => mapping.group).sort() };
}
