import { domainErrors } from '@fleetplane/http';

/** The clusters module's own failures; provider failures are translated in `provider-errors.ts`. */
export const clusterErrors = {
  notFound: (name: string) => domainErrors.notFound('Cluster', name),

  nameTaken: (name: string) =>
    domainErrors.conflict(`A cluster named ${name} is already registered.`, [{ field: 'name', message: 'is taken' }]),

  /**
   * One cloud cluster has one registration, or a placement would target it twice. The existing one is
   * named only when the caller may see it: another team's cluster names are not disclosed.
   */
  alreadyRegistered: (visibleName: string | undefined) =>
    domainErrors.conflict(
      visibleName
        ? `This cluster is already registered as ${visibleName}.`
        : 'This cluster is already registered by another team.',
      [{ field: 'ref', message: visibleName ? `is already registered as ${visibleName}` : 'is already registered' }],
    ),

  /** Deregistering a cluster that active deployments target needs an admin's `force`. */
  stillTargeted: (name: string, deploymentIds: string[], forced: boolean) =>
    domainErrors.conflict(
      `Deployments ${deploymentIds.join(', ')} target ${name}; wait for them, cancel them, or deregister with force=true as an admin.`,
      [
        {
          field: 'query.force',
          message: forced ? 'needs the admin role' : 'is needed while deployments target the cluster',
        },
      ],
    ),

  credentialTypeRefused: (field: string, provider: string, accepted: readonly string[]) =>
    domainErrors.validation([{ field, message: `must be one of ${accepted.join(', ')} for provider ${provider}` }]),

  invalidSelector: (message: string) => domainErrors.validation([{ field: 'query.selector', message }]),
};

/**
 * The unique index refused a second registration of one cloud cluster. Raised inside the transaction, which
 * is then aborted, and answered after the rollback (see `ClustersService.alreadyRegistered`).
 */
export class CloudIdentityTaken extends Error {
  constructor(readonly identity: string) {
    super(`cloud identity ${identity} is already registered`);
  }
}
