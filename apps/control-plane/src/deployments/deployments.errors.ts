import { domainErrors } from '@fleetplane/http';

/** The deployments module's failures, each worded once for every route that meets it. */
export const deploymentErrors = {
  notFound: (id: string) => domainErrors.notFound('Deployment', id),
  notActive: (id: string, state: string | undefined, action: string) =>
    domainErrors.conflict(`Deployment ${id} is ${state ?? 'gone'}; only an active deployment can ${action}.`),
  notInState: (action: 'paused' | 'resumed', required: string, state: string) =>
    domainErrors.conflict(`Only a ${required} deployment can be ${action}; this one is ${state}.`),
  noWaveAwaitingApproval: () => domainErrors.conflict('No wave of this deployment is waiting for an approval.'),
  stillActive: (id: string, application: string, clusters: Array<{ id: string; cluster: string }>) =>
    domainErrors.conflict(
      `Deployment ${id} of ${application} is still active on ${clusters.map((row) => row.cluster).join(', ')}; wait for it or cancel it first.`,
      clusters.map((row) => ({
        field: 'placement',
        message: `selects ${row.cluster}, which deployment ${row.id} is still rolling out`,
      })),
    ),
  nothingToRollBackTo: () =>
    domainErrors.unprocessable(
      'no-previous-release',
      'Nothing to roll back to',
      'No release ran on these clusters before this deployment; name one with `release`.',
      [{ field: 'release', message: 'is required here' }],
    ),
  severalPreviousReleases: (versions: string[]) =>
    domainErrors.unprocessable(
      'several-previous-releases',
      'The clusters ran different releases before',
      `These clusters ran ${versions.join(', ')} before this deployment; name the one to roll back to with \`release\`.`,
      [{ field: 'release', message: 'is required when the clusters ran different releases' }],
    ),
  clusterNotPlaced: (cluster: string) =>
    domainErrors.unprocessable(
      'cluster-not-placed',
      'Cluster not placed',
      `The placement does not select ${cluster}.`,
      [{ field: 'cluster', message: 'is not selected by the placement' }],
    ),
};
