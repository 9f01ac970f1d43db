import { PLATFORM_TEAM } from '../roles';

/** Who owns a live object that an apply would take over: the application its labels name, if any. */
export interface LiveOwner {
  /** The `fleetplane.io/application` label; undefined for an object no application owns. */
  application?: string;
  /** That application's team; undefined when the application is unknown here. */
  team?: string;
}

export interface AdoptionContext {
  /** The adopting application's team. */
  team: string;
  /** The deployment that asked for adoption was created by a platform admin. */
  byPlatformAdmin: boolean;
  /** Teams that granted the adopting application its claim on the object's namespace. */
  grantingTeams: ReadonlySet<string>;
}

/**
 * Whether a deployment that asked for adoption may take the object over: an object nobody owns, or that
 * an application of the adopter's own team owns, always; another team's object only with consent (that
 * team or a platform admin granted the adopter the namespace) or when a platform admin asked.
 */
export function mayAdopt(owner: LiveOwner, context: AdoptionContext): boolean {
  if (context.byPlatformAdmin) return true;
  if (owner.team === undefined || owner.team === context.team) return true;
  return context.grantingTeams.has(owner.team) || context.grantingTeams.has(PLATFORM_TEAM);
}
