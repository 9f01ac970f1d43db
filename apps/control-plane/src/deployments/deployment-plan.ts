import type {
  ClusterCandidate,
  FanoutDeployment,
  ImageRegistryRewrite,
  ObjectOverride,
  PlacedCluster,
  PlacementDecision,
  Release,
  RolloutPlan,
} from '@fleetplane/fanout';
import type { ApplicationEntity, ClusterEntity, DeploymentEntity, ReleaseEntity } from '@fleetplane/persistence';

/** What a deployment row keeps in `plan`: the rollout waves and the placement they were planned from. */
export interface StoredPlan {
  rollout: RolloutPlan;
  replicaMode: PlacementDecision['replicaMode'];
  placed: PlacedCluster[];
}

export interface StoredSpec {
  placement: Record<string, unknown>;
  overrides: ObjectOverride[];
  imageRewrites: ImageRegistryRewrite[];
  strategy: Record<string, unknown>;
  /** Take over live objects this application does not own yet (see OwnershipGate). */
  adopt?: boolean;
}

export function releaseOf(row: ReleaseEntity, application: ApplicationEntity): Release {
  return {
    application: application.name,
    version: row.version,
    objects: row.objects as unknown as Release['objects'],
    imageMap: row.imageMap as unknown as Release['imageMap'],
    contentHash: row.contentHash,
  };
}

/** The rendering input of a deployment, rebuilt from its row: the same on every replica and after a restart. */
export function fanoutDeploymentOf(deployment: DeploymentEntity, application: ApplicationEntity): FanoutDeployment {
  const plan = deployment.plan as unknown as StoredPlan;
  const spec = deployment.spec as unknown as StoredSpec;
  return {
    id: deployment.id,
    namespace: application.defaultNamespace,
    placement: { replicaMode: plan.replicaMode, clusters: plan.placed, steps: [] },
    overrides: spec.overrides,
    imageRewrites: spec.imageRewrites,
  };
}

export function candidateOf(cluster: ClusterEntity): ClusterCandidate {
  return {
    id: cluster.id,
    name: cluster.name,
    cloud: cluster.cloud,
    region: cluster.region,
    environment: cluster.environment,
    labels: cluster.labels,
    health: cluster.health,
    cordoned: cluster.cordoned,
    ...(cluster.capacity
      ? { capacity: { cpuMillicores: cluster.capacity.cpuMillicores, memoryBytes: cluster.capacity.memoryBytes } }
      : {}),
  };
}
