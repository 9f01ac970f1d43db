import type { ClusterDescription, ClusterRef } from '@fleetplane/providers';

const CLOUD_OF_PROVIDER: Record<string, string> = { eks: 'aws', gke: 'gcp', aks: 'azure' };

/** aws/gcp/azure for the clouds; for kubeconfig and sandbox clusters, the `cloud` label they carry. */
export function cloudOf(ref: ClusterRef, labels: Record<string, string>): string {
  if (ref.provider === 'sandbox') return ref.labels?.cloud ?? labels.cloud ?? 'sandbox';
  return CLOUD_OF_PROVIDER[ref.provider] ?? labels.cloud ?? 'other';
}

export function regionOf(description: ClusterDescription, labels: Record<string, string>): string {
  return description.region || labels.region || 'unknown';
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
