import { ClusterApi, bucketOf } from '../api/cluster-api';
import { KubeObject } from '../api/types';
import { EventRecorder } from './event-recorder';
import { TYPES, createPodFor, isPodActive, isPodReady, num, ownedBy, randomSuffix } from './workload-helpers';

/** Keeps a ReplicaSet's pod count at spec.replicas and reports how many are ready. */
export function reconcileReplicaSet(api: ClusterApi, replicaSet: KubeObject, events: EventRecorder): void {
  if (replicaSet.metadata.deletionTimestamp) return;
  const namespace = replicaSet.metadata.namespace;
  let pods = ownedBy(api.store.list(bucketOf(TYPES.pod), namespace), replicaSet).filter(isPodActive);
  const desired = num(replicaSet.spec?.replicas, 1);
  for (let missing = desired - pods.length; missing > 0; missing--) {
    const pod = createPodFor(api, replicaSet, `${replicaSet.metadata.name}-${randomSuffix()}`);
    events.record(
      replicaSet,
      'Normal',
      'SuccessfulCreate',
      `Created pod: ${pod.metadata.name}`,
      'replicaset-controller',
    );
    pods.push(pod);
  }
  if (pods.length > desired) {
    // Scale down unscheduled pods first, then unready ones, then the newest: the controller's ranking.
    const rank = (pod: KubeObject): number => (pod.spec?.nodeName ? 2 : 0) + (isPodReady(pod) ? 1 : 0);
    const victims = [...pods]
      .sort(
        (left, right) =>
          rank(left) - rank(right) || Number(right.metadata.resourceVersion) - Number(left.metadata.resourceVersion),
      )
      .slice(0, pods.length - desired);
    for (const pod of victims) {
      api.removeNow(TYPES.pod, pod);
      events.record(
        replicaSet,
        'Normal',
        'SuccessfulDelete',
        `Deleted pod: ${pod.metadata.name}`,
        'replicaset-controller',
      );
    }
    pods = pods.filter((pod) => !victims.includes(pod));
  }
  const ready = pods.filter(isPodReady).length;
  api.writeStatus(TYPES.replicaSet, replicaSet, {
    replicas: pods.length,
    fullyLabeledReplicas: pods.length,
    readyReplicas: ready,
    availableReplicas: ready,
    observedGeneration: replicaSet.metadata.generation ?? 1,
  });
}
