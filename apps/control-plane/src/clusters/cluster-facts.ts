import type { ClusterDescription, ClusterRef } from '@fleetplane/providers';
import { DNS_LABEL } from '../teams/dto/team.dto';

const CLOUD_OF_PROVIDER: Record<string, string> = { eks: 'aws', gke: 'gcp', aks: 'azure' };

/** aws/gcp/azure for the clouds; for kubeconfig and sandbox clusters, the `cloud` label they carry. */
export function cloudOf(ref: ClusterRef, labels: Record<string, string>): string {
  if (ref.provider === 'sandbox') return ref.labels?.cloud ?? labels.cloud ?? 'sandbox';
  return CLOUD_OF_PROVIDER[ref.provider] ?? labels.cloud ?? 'other';
}

export function regionOf(description: ClusterDescription, labels: Record<string, string>): string {
  return description.region || labels.region || 'unknown';
}

export const DEFAULT_ENVIRONMENT = 'default';
/** The labels a cluster registered without an environment takes it from, the first present first. */
export const ENVIRONMENT_LABELS = ['fleetplane.io/environment', 'environment'];

export const ENVIRONMENT_DEFAULT_DESCRIPTION = `Default: the cluster's \`${ENVIRONMENT_LABELS.join('` or `')}\` label when it is a DNS label, else \`${DEFAULT_ENVIRONMENT}\`.`;

/**
 * The environment given, else the first environment label whose value is a DNS label (as an environment
 * must be), else `default`: placement by environment and the CLI's ENV column never meet an empty one.
 */
export function environmentOf(environment: string | undefined, labels: Record<string, string>): string {
  if (environment) return environment;
  const labelled = ENVIRONMENT_LABELS.map((key) => labels[key]).find((value) => value && DNS_LABEL.test(value));
  return labelled ?? DEFAULT_ENVIRONMENT;
}

/** What is kept of a description: plain JSON, no credentials (the CA is public, but big and not useful here). */
export function storedDescription(description: ClusterDescription): Record<string, unknown> {
  return {
    endpoint: description.endpoint,
    kubernetesVersion: description.kubernetesVersion,
    status: description.status,
    cloudStatus: description.cloudStatus,
    zones: description.zones,
    nodePools: description.nodePools.map((pool) => ({
      name: pool.name,
      instanceTypes: pool.instanceTypes,
      size: pool.size,
      zones: pool.zones,
      status: pool.status,
      cloudStatus: pool.cloudStatus,
    })),
    tags: description.tags,
    describedAt: new Date().toISOString(),
  };
}
