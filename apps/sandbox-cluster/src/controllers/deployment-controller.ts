import { ClusterApi, bucketOf } from '../api/cluster-api';
import { Condition, JsonObject, KubeObject, isJsonObject } from '../api/types';
import { EventRecorder } from './event-recorder';
import { Timeline } from './timeline';
import {
  TYPES,
  controllerReference,
  num,
  ownedBy,
  podTemplate,
  resolveIntOrPercent,
  templateHash,
  withCondition,
} from './workload-helpers';

const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';

export interface DeploymentProgress {
  /** When each Deployment (by uid) last made progress, for the progress deadline. */
  lastProgressAt: Map<string, number>;
  /** Re-runs the reconcile later, so a deadline is noticed without further events. */
  requeueAfter: (deployment: KubeObject, delayMs: number) => void;
}

function strategyBounds(deployment: KubeObject, desired: number): { maxSurge: number; maxUnavailable: number } {
  const strategy = isJsonObject(deployment.spec?.strategy) ? deployment.spec.strategy : {};
  const rolling = isJsonObject(strategy.rollingUpdate) ? strategy.rollingUpdate : {};
  const maxSurge = resolveIntOrPercent(rolling.maxSurge, desired, true, 1);
  let maxUnavailable = resolveIntOrPercent(rolling.maxUnavailable, desired, false, 0);
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable };
}

function newReplicaSet(
  api: ClusterApi,
  deployment: KubeObject,
  hash: string,
  replicas: number,
  revision: number,
): KubeObject {
  const template = structuredClone(podTemplate(deployment));
  const templateMetadata = (isJsonObject(template.metadata) ? template.metadata : {}) as JsonObject;
  templateMetadata.labels = {
    ...(isJsonObject(templateMetadata.labels) ? templateMetadata.labels : {}),
    'pod-template-hash': hash,
  };
  template.metadata = templateMetadata;
  const selector = isJsonObject(deployment.spec?.selector) ? structuredClone(deployment.spec.selector) : {};
  selector.matchLabels = {
    ...(isJsonObject(selector.matchLabels) ? selector.matchLabels : {}),
    'pod-template-hash': hash,
  };
  return api.createOwned(
    TYPES.replicaSet,
    {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${deployment.metadata.name}-${hash}`,
        namespace: deployment.metadata.namespace,
        labels: templateMetadata.labels as Record<string, string>,
        annotations: {
          [REVISION_ANNOTATION]: String(revision),
          'deployment.kubernetes.io/desired-replicas': String(num(deployment.spec?.replicas, 1)),
        },
        ownerReferences: [controllerReference(deployment)],
      },
      spec: { replicas, selector, template },
    },
    { spec: { template: podTemplate(deployment) } },
  );
}

/**
 * The Deployment controller: one ReplicaSet per pod template, rolled with maxSurge/maxUnavailable,
 * and a status (replicas, conditions, observedGeneration) that kubectl rollout status can follow.
 */
export function reconcileDeployment(
  api: ClusterApi,
  deployment: KubeObject,
  timeline: Timeline,
  progress: DeploymentProgress,
  events: EventRecorder,
): void {
  if (deployment.metadata.deletionTimestamp) return;
  const scaled = (replicaSet: KubeObject, from: number, to: number): void =>
    events.record(
      deployment,
      'Normal',
      'ScalingReplicaSet',
      `Scaled ${to > from ? 'up' : 'down'} replica set ${replicaSet.metadata.name} from ${from} to ${to}`,
      'deployment-controller',
    );
  const uid = deployment.metadata.uid!;
  const desired = num(deployment.spec?.replicas, 1);
  const hash = templateHash(deployment.spec?.template);
  const owned = ownedBy(api.store.list(bucketOf(TYPES.replicaSet), deployment.metadata.namespace), deployment);
  let current = owned.find((replicaSet) => replicaSet.metadata.labels?.['pod-template-hash'] === hash);
  let old = owned.filter((replicaSet) => replicaSet !== current);
  const paused = deployment.spec?.paused === true;
  const recreate = isJsonObject(deployment.spec?.strategy) && deployment.spec.strategy.type === 'Recreate';
  const { maxSurge, maxUnavailable } = strategyBounds(deployment, desired);
  const specReplicas = (replicaSet: KubeObject): number => num(replicaSet.spec?.replicas, 0);
  const available = (replicaSet: KubeObject): number => num(replicaSet.status?.availableReplicas, 0);
  let progressed = false;

  if (!paused) {
    if (!current) {
      const revision =
        Math.max(0, ...owned.map((replicaSet) => Number(replicaSet.metadata.annotations?.[REVISION_ANNOTATION] ?? 0))) +
        1;
      const total = old.reduce((sum, replicaSet) => sum + specReplicas(replicaSet), 0);
      const initial = recreate ? (total > 0 ? 0 : desired) : Math.max(0, Math.min(desired, desired + maxSurge - total));
      current = newReplicaSet(api, deployment, hash, initial, revision);
      if (initial > 0) scaled(current, 0, initial);
      progressed = true;
    }
    const currentSet = current;
    const setReplicas = (replicaSet: KubeObject, replicas: number): KubeObject => {
      if (specReplicas(replicaSet) === replicas) return replicaSet;
      progressed = true;
      scaled(replicaSet, specReplicas(replicaSet), replicas);
      return api.writeSpec(TYPES.replicaSet, replicaSet, { ...(replicaSet.spec ?? {}), replicas });
    };
    if (recreate) {
      old = old.map((replicaSet) => setReplicas(replicaSet, 0));
      const oldPods = old.reduce((sum, replicaSet) => sum + num(replicaSet.status?.replicas, 0), 0);
      if (oldPods === 0) current = setReplicas(currentSet, desired);
    } else {
      const total =
        owned.reduce((sum, replicaSet) => sum + specReplicas(replicaSet), 0) +
        (owned.includes(currentSet) ? 0 : specReplicas(currentSet));
      let target = specReplicas(currentSet);
      if (target > desired) target = desired;
      else if (target < desired) target = Math.min(desired, target + Math.max(0, desired + maxSurge - total));
      current = setReplicas(currentSet, target);
      // Old pods go when the new ones are available, never below desired - maxUnavailable in total.
      let removable = owned.reduce((sum, replicaSet) => sum + available(replicaSet), 0) - (desired - maxUnavailable);
      old = old.map((replicaSet) => {
        const unhealthy = Math.max(0, specReplicas(replicaSet) - available(replicaSet));
        const healthyToRemove = Math.max(0, Math.min(available(replicaSet), removable));
        removable -= healthyToRemove;
        return setReplicas(replicaSet, Math.max(0, specReplicas(replicaSet) - unhealthy - healthyToRemove));
      });
    }
  }

  const all = current ? [current, ...old] : old;
  const statusOf = (replicaSet: KubeObject, field: string): number => num(replicaSet.status?.[field], 0);
  const replicas = all.reduce((sum, replicaSet) => sum + statusOf(replicaSet, 'replicas'), 0);
  const updatedReplicas = current ? statusOf(current, 'replicas') : 0;
  const readyReplicas = all.reduce((sum, replicaSet) => sum + statusOf(replicaSet, 'readyReplicas'), 0);
  const availableReplicas = all.reduce((sum, replicaSet) => sum + statusOf(replicaSet, 'availableReplicas'), 0);
  const totalSpec = all.reduce((sum, replicaSet) => sum + specReplicas(replicaSet), 0);
  const previous = deployment.status ?? {};
  if (
    ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas'].some(
      (field, index) => num(previous[field]) !== [replicas, updatedReplicas, readyReplicas, availableReplicas][index],
    )
  ) {
    progressed = true;
  }

  const now = Date.now();
  if (progressed || !progress.lastProgressAt.has(uid)) progress.lastProgressAt.set(uid, now);
  const deadlineMs = timeline.progressDeadlineMs ?? num(deployment.spec?.progressDeadlineSeconds, 600) * 1000;
  const complete =
    current !== undefined && updatedReplicas === desired && replicas === desired && availableReplicas === desired;
  const rsName = current?.metadata.name ?? deployment.metadata.name!;
  let conditions = Array.isArray(previous.conditions) ? (previous.conditions as Condition[]) : [];
  const minimumAvailable = availableReplicas >= desired - maxUnavailable;
  conditions = withCondition(conditions, {
    type: 'Available',
    status: minimumAvailable ? 'True' : 'False',
    reason: minimumAvailable ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
    message: minimumAvailable
      ? 'Deployment has minimum availability.'
      : 'Deployment does not have minimum availability.',
    lastUpdateTime: '',
  });
  const timedOut = !complete && !paused && now - progress.lastProgressAt.get(uid)! >= deadlineMs;
  if (complete) {
    conditions = withCondition(conditions, {
      type: 'Progressing',
      status: 'True',
      reason: 'NewReplicaSetAvailable',
      message: `ReplicaSet "${rsName}" has successfully progressed.`,
      lastUpdateTime: '',
    });
  } else if (timedOut) {
    conditions = withCondition(conditions, {
      type: 'Progressing',
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
      message: `ReplicaSet "${rsName}" has timed out progressing.`,
      lastUpdateTime: '',
    });
  } else {
    const reason =
      progressed && !conditions.some((item) => item.type === 'Progressing')
        ? 'NewReplicaSetCreated'
        : 'ReplicaSetUpdated';
    conditions = withCondition(
      conditions,
      {
        type: 'Progressing',
        status: 'True',
        reason,
        message:
          reason === 'NewReplicaSetCreated'
            ? `Created new replica set "${rsName}"`
            : `ReplicaSet "${rsName}" is progressing.`,
        lastUpdateTime: '',
      },
      progressed,
    );
    if (!paused)
      progress.requeueAfter(deployment, Math.max(10, deadlineMs - (now - progress.lastProgressAt.get(uid)!) + 5));
  }
  const status: JsonObject = {
    observedGeneration: deployment.metadata.generation ?? 1,
    replicas,
    updatedReplicas,
    readyReplicas,
    availableReplicas,
    unavailableReplicas: Math.max(0, totalSpec - availableReplicas),
    conditions: conditions.sort((left, right) => (left.type === 'Available' ? -1 : right.type === 'Available' ? 1 : 0)),
  };
  for (const field of ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas']) {
    if (status[field] === 0) delete status[field];
  }
  api.writeStatus(TYPES.deployment, deployment, status);
}
