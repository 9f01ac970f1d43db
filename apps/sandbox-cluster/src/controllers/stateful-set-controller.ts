import { ClusterApi, bucketOf } from '../api/cluster-api';
import { KubeObject } from '../api/types';
import { TYPES, createPodFor, isPodActive, isPodReady, num, ownedBy, templateHash } from './workload-helpers';

const REVISION_LABEL = 'controller-revision-hash';

/**
 * StatefulSet: pods named <set>-<ordinal>, created in order (the next only once the previous is
 * ready) and replaced from the highest ordinal down when the template changes.
 */
export function reconcileStatefulSet(api: ClusterApi, statefulSet: KubeObject): void {
  if (statefulSet.metadata.deletionTimestamp) return;
  const name = statefulSet.metadata.name!;
  const desired = num(statefulSet.spec?.replicas, 1);
  const revision = `${name}-${templateHash(statefulSet.spec?.template)}`;
  const parallel = statefulSet.spec?.podManagementPolicy === 'Parallel';
  const pods = ownedBy(api.store.list(bucketOf(TYPES.pod), statefulSet.metadata.namespace), statefulSet).filter(
    isPodActive,
  );
  const byOrdinal = new Map(pods.map((pod) => [Number(pod.metadata.name!.slice(name.length + 1)), pod]));

  for (const [ordinal, pod] of byOrdinal) {
    if (ordinal >= desired) {
      api.removeNow(TYPES.pod, pod);
      byOrdinal.delete(ordinal);
    }
  }
  for (let ordinal = 0; ordinal < desired; ordinal++) {
    const existing = byOrdinal.get(ordinal);
    if (existing) {
      if (!parallel && !isPodReady(existing)) break;
      continue;
    }
    const podName = `${name}-${ordinal}`;
    byOrdinal.set(
      ordinal,
      createPodFor(api, statefulSet, podName, {
        [REVISION_LABEL]: revision,
        'statefulset.kubernetes.io/pod-name': podName,
        'apps.kubernetes.io/pod-index': String(ordinal),
      }),
    );
    if (!parallel) break;
  }
  const current = [...byOrdinal.values()];
  const allReady = current.length === desired && current.every(isPodReady);
  const outdated = [...byOrdinal.entries()]
    .filter(([, pod]) => pod.metadata.labels?.[REVISION_LABEL] !== revision)
    .sort(([left], [right]) => right - left);
  if (allReady && outdated.length > 0) api.removeNow(TYPES.pod, outdated[0][1]);

  const updated = current.filter((pod) => pod.metadata.labels?.[REVISION_LABEL] === revision).length;
  const ready = current.filter(isPodReady).length;
  const previousCurrentRevision =
    typeof statefulSet.status?.currentRevision === 'string' ? statefulSet.status.currentRevision : revision;
  const currentRevision = updated === desired && outdated.length === 0 ? revision : previousCurrentRevision;
  api.writeStatus(TYPES.statefulSet, statefulSet, {
    observedGeneration: statefulSet.metadata.generation ?? 1,
    replicas: current.length,
    readyReplicas: ready,
    availableReplicas: ready,
    currentReplicas: currentRevision === revision ? updated : current.length - updated,
    updatedReplicas: updated,
    currentRevision,
    updateRevision: revision,
    collisionCount: 0,
  });
}
