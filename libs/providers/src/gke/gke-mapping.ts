import { protos } from '@google-cloud/container';
import type { ClusterDescription, ClusterStatus, GkeClusterRef, HealthIssue, NodePool } from '../cloud-provider';
import { decodeCertificateAuthority } from '../kube/token-kubeconfig';
import { grpcStatusName } from './gke-errors';

type Cluster = protos.google.container.v1.ICluster;
type GkeNodePool = protos.google.container.v1.INodePool;
const ClusterStatusEnum = protos.google.container.v1.Cluster.Status;
const NodePoolStatusEnum = protos.google.container.v1.NodePool.Status;

/** `Cluster.Status` of google/container/v1/cluster_service.proto. */
const CLUSTER_STATUS: Record<string, ClusterStatus> = {
  PROVISIONING: 'provisioning',
  RUNNING: 'running',
  RECONCILING: 'updating',
  STOPPING: 'deleting',
  ERROR: 'failed',
  DEGRADED: 'degraded',
};

/** `NodePool.Status` of the same proto. */
const NODE_POOL_STATUS: Record<string, ClusterStatus> = {
  PROVISIONING: 'provisioning',
  RUNNING: 'running',
  RUNNING_WITH_ERROR: 'degraded',
  RECONCILING: 'updating',
  STOPPING: 'deleting',
  ERROR: 'failed',
};

/**
 * Enum values arrive as names over gRPC and may arrive as numbers over REST (the client asks for
 * `enum-encoding=int`); both become the proto's name.
 */
function enumName(value: unknown, names: Record<number, string>): string {
  if (typeof value === 'number') return names[value] ?? String(value);
  return typeof value === 'string' ? value : 'STATUS_UNSPECIFIED';
}

export function gkeClusterStatus(cluster: Cluster): { status: ClusterStatus; cloudStatus: string } {
  const cloudStatus = enumName(cluster.status, ClusterStatusEnum);
  return { status: CLUSTER_STATUS[cloudStatus] ?? 'unknown', cloudStatus };
}

/** `us-central1-a` is a zone of region `us-central1`; a location without the zone suffix is a region. */
export function regionOfLocation(location: string): string {
  return /^[a-z]+-[a-z]+\d+-[a-z]$/.test(location) ? location.slice(0, location.lastIndexOf('-')) : location;
}

export function describeGkeCluster(ref: GkeClusterRef, cluster: Cluster): ClusterDescription<'gke'> {
  const location = cluster.location || ref.location;
  const caBase64 = cluster.masterAuth?.clusterCaCertificate;
  return {
    ref,
    cloudId: cluster.selfLink ?? undefined,
    endpoint: cluster.endpoint ? `https://${cluster.endpoint}` : '',
    certificateAuthority: caBase64 ? decodeCertificateAuthority(caBase64) : undefined,
    kubernetesVersion: cluster.currentMasterVersion ?? '',
    ...gkeClusterStatus(cluster),
    region: regionOfLocation(location),
    zones: cluster.locations ?? [],
    nodePools: (cluster.nodePools ?? []).map((pool) => gkeNodePool(pool, cluster.locations ?? [])),
    tags: { ...cluster.resourceLabels },
    createdAt: cluster.createTime ? new Date(cluster.createTime) : undefined,
  };
}

/**
 * `projects/P/locations/L/clusters/N` from the self link (whose older form says `zones/Z`), else from
 * the ref, which then must name the cluster's exact location.
 */
export function gkeCloudIdentity(description: ClusterDescription<'gke'>): string {
  const path = /projects\/([^/]+)\/(?:locations|zones)\/([^/]+)\/clusters\/([^/]+)$/.exec(description.cloudId ?? '');
  const { projectId, location, name } = description.ref;
  const [project, place, cluster] = path ? path.slice(1) : [projectId, location, name];
  return `projects/${project}/locations/${place}/clusters/${cluster}`;
}

/**
 * GKE sizes pools per zone (`initialNodeCount`, `autoscaling.minNodeCount/maxNodeCount`), so
 * the pool-wide numbers are the per-zone ones times the pool's zones.
 */
function gkeNodePool(pool: GkeNodePool, clusterZones: string[]): NodePool {
  const zones = pool.locations?.length ? pool.locations : clusterZones;
  const perZone = (count: number | null | undefined) => (count ?? 0) * Math.max(1, zones.length);
  const autoscaling = pool.autoscaling?.enabled ? pool.autoscaling : undefined;
  const cloudStatus = enumName(pool.status, NodePoolStatusEnum);
  return {
    name: pool.name ?? '',
    instanceTypes: pool.config?.machineType ? [pool.config.machineType] : [],
    size: {
      desired: perZone(pool.initialNodeCount),
      min: autoscaling ? perZone(autoscaling.minNodeCount) : undefined,
      max: autoscaling ? perZone(autoscaling.maxNodeCount) : undefined,
    },
    zones,
    kubernetesVersion: pool.version ?? undefined,
    status: NODE_POOL_STATUS[cloudStatus] ?? 'unknown',
    cloudStatus,
    nodeLabels: { ...pool.config?.labels },
  };
}

/** `Cluster.conditions` (StatusCondition: `canonicalCode`, `message`) list what GKE finds wrong. */
export function gkeHealthIssues(cluster: Cluster): HealthIssue[] {
  return (cluster.conditions ?? []).map((condition) => ({
    code: grpcStatusName(condition.canonicalCode ?? condition.code),
    message: condition.message ?? '',
  }));
}
