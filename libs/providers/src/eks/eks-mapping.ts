import type { Cluster, Nodegroup } from '@aws-sdk/client-eks';
import type { ClusterDescription, ClusterStatus, EksClusterRef, HealthIssue, NodePool } from '../cloud-provider';
import { decodeCertificateAuthority } from '../kube/token-kubeconfig';

/** EKS `Cluster.status`: CREATING | ACTIVE | DELETING | FAILED | UPDATING | PENDING. */
const CLUSTER_STATUS: Record<string, ClusterStatus> = {
  CREATING: 'provisioning',
  PENDING: 'provisioning',
  ACTIVE: 'running',
  UPDATING: 'updating',
  DELETING: 'deleting',
  FAILED: 'failed',
};

/** EKS `Nodegroup.status`: CREATING | ACTIVE | UPDATING | DELETING | CREATE_FAILED | DELETE_FAILED | DEGRADED. */
const NODEGROUP_STATUS: Record<string, ClusterStatus> = {
  CREATING: 'provisioning',
  ACTIVE: 'running',
  UPDATING: 'updating',
  DELETING: 'deleting',
  CREATE_FAILED: 'failed',
  DELETE_FAILED: 'failed',
  DEGRADED: 'degraded',
};

export function eksClusterStatus(cloudStatus: string | undefined): ClusterStatus {
  return CLUSTER_STATUS[cloudStatus ?? ''] ?? 'unknown';
}

/**
 * EKS reports no zones on the cluster or node group (only subnet ids, which need EC2 to place),
 * so zones stay empty rather than guessed.
 */
export function describeEksCluster(
  ref: EksClusterRef,
  cluster: Cluster,
  nodegroups: Nodegroup[],
): ClusterDescription<'eks'> {
  return {
    ref,
    cloudId: cluster.arn,
    endpoint: cluster.endpoint ?? '',
    certificateAuthority: cluster.certificateAuthority?.data
      ? decodeCertificateAuthority(cluster.certificateAuthority.data)
      : undefined,
    kubernetesVersion: cluster.version ?? '',
    status: eksClusterStatus(cluster.status),
    cloudStatus: cluster.status ?? '',
    region: ref.region,
    zones: [],
    nodePools: nodegroups.map(eksNodePool),
    tags: { ...cluster.tags },
    createdAt: cluster.createdAt,
  };
}

/** The cluster's ARN; the ref alone cannot name it, because the account comes from the credential. */
export function eksCloudIdentity(description: ClusterDescription<'eks'>): string | null {
  return description.cloudId || null;
}

function eksNodePool(nodegroup: Nodegroup): NodePool {
  const scaling = nodegroup.scalingConfig ?? {};
  return {
    name: nodegroup.nodegroupName ?? '',
    instanceTypes: nodegroup.instanceTypes ?? [],
    size: { desired: scaling.desiredSize ?? 0, min: scaling.minSize, max: scaling.maxSize },
    zones: [],
    kubernetesVersion: nodegroup.version,
    status: NODEGROUP_STATUS[nodegroup.status ?? ''] ?? 'unknown',
    cloudStatus: nodegroup.status ?? '',
    nodeLabels: { ...nodegroup.labels },
  };
}

export function eksHealthIssues(cluster: Cluster): HealthIssue[] {
  return (cluster.health?.issues ?? []).map((issue) => ({
    code: issue.code ?? 'Unknown',
    message: issue.message ?? '',
  }));
}
