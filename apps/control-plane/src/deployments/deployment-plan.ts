import type { ClusterCandidate, FanoutDeployment, Release } from '@fleetplane/fanout';
import type { ApplicationEntity, ClusterEntity, ReleaseEntity, StoredPlan, StoredSpec } from '@fleetplane/persistence';
import { DEFAULT_FAIL_FAST_SECONDS } from './dto/deployment.dto';

/** What rendering reads of a deployment: a stored row, or the plain values of one not stored yet. */
export interface RenderingInputs {
  id: string;
  spec: Pick<StoredSpec, 'overrides' | 'imageRewrites'>;
  plan: Pick<StoredPlan, 'replicaMode' | 'placed'>;
}

/** How long a deployment gives a failing pod or an unreachable cluster, in ms; undefined when only deadlines count. */
export function failFastMsOf(spec: StoredSpec): number | undefined {
  const seconds = spec.failFastSeconds ?? DEFAULT_FAIL_FAST_SECONDS;
  return seconds > 0 ? seconds * 1000 : undefined;
}

export function releaseOf(row: ReleaseEntity, application: ApplicationEntity): Release {
  return {
    application: application.name,
    version: row.version,
    objects: row.objects,
    imageMap: row.imageMap,
    contentHash: row.contentHash,
  };
}

/** The rendering input of a deployment, rebuilt from its row: the same on every replica and after a restart. */
export function fanoutDeploymentOf(deployment: RenderingInputs, application: ApplicationEntity): FanoutDeployment {
  return {
    id: deployment.id,
    namespace: application.defaultNamespace,
    placement: { replicaMode: deployment.plan.replicaMode, clusters: deployment.plan.placed, steps: [] },
    overrides: deployment.spec.overrides,
    imageRewrites: deployment.spec.imageRewrites,
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
