import type { AgentPool, ManagedCluster } from '@azure/arm-containerservice';
import type { ClusterDescription, ClusterStatus, AksClusterRef, HealthIssue, NodePool } from '../cloud-provider';

/**
 * ARM `provisioningState` of a managed cluster or agent pool. Terminal: Succeeded, Failed,
 * Canceled; the rest are operations in progress.
 */
const PROVISIONING_STATE: Record<string, ClusterStatus> = {
  succeeded: 'running',
  creating: 'provisioning',
  updating: 'updating',
  upgrading: 'updating',
  scaling: 'updating',
  migrating: 'updating',
  starting: 'provisioning',
  stopping: 'stopping',
  deleting: 'deleting',
  failed: 'failed',
  canceled: 'degraded',
};

/** A cluster that provisioned fine but is stopped (`powerState.code: Stopped`) is stopped, not running. */
export function aksClusterStatus(provisioningState: string | undefined, powerState: string | undefined): ClusterStatus {
  const status = PROVISIONING_STATE[(provisioningState ?? '').toLowerCase()] ?? 'unknown';
  return status === 'running' && powerState?.toLowerCase() === 'stopped' ? 'stopped' : status;
}

/** `/subscriptions/{s}/resourcegroups/{rg}/providers/...`: ARM ids are case-insensitive, and the spec's own examples write `resourcegroups`. */
export function resourceGroupOf(id: string | undefined): string {
  return /\/resourcegroups\/([^/]+)\//i.exec(id ?? '')?.[1] ?? '';
}

export function describeAksCluster(
  ref: AksClusterRef,
  cluster: ManagedCluster,
  agentPools: AgentPool[],
): ClusterDescription<'aks'> {
  const nodePools = agentPools.map(aksNodePool);
  const host = cluster.fqdn ?? cluster.privateFqdn;
  return {
    ref,
    cloudId: cluster.id,
    endpoint: host ? `https://${host}:443` : '',
    kubernetesVersion: cluster.currentKubernetesVersion ?? cluster.kubernetesVersion ?? '',
    status: aksClusterStatus(cluster.provisioningState, cluster.powerState?.code),
    cloudStatus: cluster.provisioningState ?? '',
    region: cluster.location,
    // Azure names zones by number within the region ("1", "2", "3").
    zones: [...new Set(nodePools.flatMap((pool) => pool.zones))].sort(),
    nodePools,
    tags: { ...cluster.tags },
    createdAt: cluster.systemData?.createdAt,
  };
}

/** The ARM resource id, in lower case because ARM ids are case-insensitive; built from the ref when absent. */
export function aksCloudIdentity(description: ClusterDescription<'aks'>): string {
  const { subscriptionId, resourceGroup, name } = description.ref;
  const id =
    description.cloudId ||
    `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${name}`;
  return id.toLowerCase();
}

function aksNodePool(pool: AgentPool): NodePool {
  const cloudStatus = pool.provisioningState ?? '';
  return {
    name: pool.name ?? '',
    instanceTypes: pool.vmSize ? [pool.vmSize] : [],
    size: {
      desired: pool.count ?? 0,
      min: pool.enableAutoScaling ? pool.minCount : undefined,
      max: pool.enableAutoScaling ? pool.maxCount : undefined,
    },
    zones: pool.availabilityZones ?? [],
    kubernetesVersion: pool.currentOrchestratorVersion ?? pool.orchestratorVersion,
    status: aksClusterStatus(cloudStatus, pool.powerState?.code),
    cloudStatus,
    nodeLabels: { ...pool.nodeLabels },
  };
}

export function aksHealthIssues(cluster: ManagedCluster): HealthIssue[] {
  const issues: HealthIssue[] = [];
  const state = cluster.provisioningState ?? '';
  if (['failed', 'canceled'].includes(state.toLowerCase())) {
    issues.push({ code: `ProvisioningState${state}`, message: `the last operation on the cluster ended ${state}` });
  }
  if (cluster.powerState?.code?.toLowerCase() === 'stopped') {
    issues.push({ code: 'PowerStateStopped', message: 'the cluster is stopped' });
  }
  return issues;
}
