import type { Principal } from '@fleetplane/http';
import { PLATFORM_TEAM, isPlatformAdmin } from '../roles';

/** An application's claim on a namespace, as the rules read it. */
export interface ClaimRef {
  namespace: string;
  /** Null: the claim holds on every cluster. */
  clusterId: string | null;
  applicationId: string;
  application: string;
  team: string;
}

/** The application asking to use a namespace. */
export interface Claimant {
  applicationId: string;
  team: string;
}

/**
 * Whether a claim and a scope meet: a fleet-wide claim or question (null) meets every cluster, a
 * per-cluster one meets only its cluster.
 */
function meets(claim: ClaimRef, clusterId: string | null): boolean {
  return claim.clusterId === null || clusterId === null || claim.clusterId === clusterId;
}

/** The first claim by an application of another team on `namespace` that meets the scope, if any. */
export function foreignClaim(
  claims: readonly ClaimRef[],
  namespace: string,
  team: string,
  clusterId: string | null,
): ClaimRef | undefined {
  return claims.find((claim) => claim.namespace === namespace && claim.team !== team && meets(claim, clusterId));
}

export function describeClaimOwner(claim: ClaimRef): string {
  return `application ${claim.application} of team ${claim.team}`;
}

/**
 * Why the application may not put objects into `namespace` on a cluster, or undefined when it may: it
 * may when it claims the namespace there (fleet-wide or for that cluster); the platform team's
 * applications also may wherever no other team's application claims it.
 */
export function deployDenial(
  claims: readonly ClaimRef[],
  namespace: string,
  claimant: Claimant,
  clusterId: string,
): string | undefined {
  const own = claims.some(
    (claim) =>
      claim.namespace === namespace &&
      claim.applicationId === claimant.applicationId &&
      (claim.clusterId === null || claim.clusterId === clusterId),
  );
  if (own) return undefined;
  const other = foreignClaim(claims, namespace, claimant.team, clusterId);
  if (other) return `namespace ${namespace} belongs to ${describeClaimOwner(other)}`;
  if (claimant.team === PLATFORM_TEAM) return undefined;
  return `namespace ${namespace} is not claimed by this application`;
}

/**
 * Why `principal` may not grant an application of `applicationTeam` a claim on a namespace (the
 * claims already on it given), or undefined when it may. A namespace no other team holds takes an admin
 * of the application's team; one another team holds takes that team's admin (its consent) or a
 * platform admin.
 */
export function grantDenial(
  principal: Principal,
  applicationTeam: string,
  claims: readonly ClaimRef[],
  clusterId: string | null,
): string | undefined {
  if (isPlatformAdmin(principal)) return undefined;
  if (principal.role !== 'admin') return 'Granting a namespace takes the admin role.';
  const holders = [
    ...new Set(
      claims.filter((claim) => claim.team !== applicationTeam && meets(claim, clusterId)).map((claim) => claim.team),
    ),
  ].sort();
  if (holders.length === 0) {
    return principal.team === applicationTeam
      ? undefined
      : `Admins of ${principal.team} cannot grant namespaces to applications of ${applicationTeam}.`;
  }
  if (holders.length === 1 && holders[0] === principal.team) return undefined;
  return `The namespace belongs to team ${holders.join(', ')}; granting it takes an admin of that team or a platform admin.`;
}

/**
 * Why `principal` may not revoke a claim, or undefined when it may: admins of the claiming application's
 * team, of the team that granted it (withdrawing its consent), and platform admins may.
 */
export function revokeDenial(principal: Principal, claim: { team: string; grantedByTeam: string }): string | undefined {
  if (isPlatformAdmin(principal)) return undefined;
  if (principal.role !== 'admin') return 'Revoking a namespace claim takes the admin role.';
  if (principal.team === claim.team || principal.team === claim.grantedByTeam) return undefined;
  return `Admins of ${principal.team} cannot revoke claims of ${claim.team}.`;
}
