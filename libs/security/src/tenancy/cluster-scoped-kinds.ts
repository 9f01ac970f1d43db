import { PLATFORM_TEAM } from '../roles';

/** `group/Kind`, or `Kind` for the core group: how a cluster-scoped kinds policy names a kind. */
export function kindKey(apiVersion: string, kind: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? kind : `${apiVersion.slice(0, slash)}/${kind}`;
}

/** The platform team may use every cluster-scoped kind; any other team only those its policy lists. */
export function mayUseClusterScopedKind(team: string, allowedKinds: readonly string[], key: string): boolean {
  return team === PLATFORM_TEAM || allowedKinds.includes(key);
}
