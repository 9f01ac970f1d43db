import { ClusterApi, bucketOf } from '../api/cluster-api';
import { KubeObject } from '../api/types';
import { TYPES, createPodFor, isPodActive, isPodReady, ownedBy, randomSuffix, templateHash } from './workload-helpers';

const REVISION_LABEL = 'controller-revision-hash';

/** DaemonSet on the sandbox's single node: exactly one pod, replaced when the template changes. */
export function reconcileDaemonSet(api: ClusterApi, daemonSet: KubeObject): void {
  if (daemonSet.metadata.deletionTimestamp) return;
  const revision = templateHash(daemonSet.spec?.template);
  let pods = ownedBy(api.store.list(bucketOf(TYPES.pod), daemonSet.metadata.namespace), daemonSet).filter(isPodActive);
  for (const pod of pods.filter((candidate) => candidate.metadata.labels?.[REVISION_LABEL] !== revision))
    api.removeNow(TYPES.pod, pod);
  pods = pods.filter((pod) => pod.metadata.labels?.[REVISION_LABEL] === revision);
  if (pods.length === 0) {
    pods.push(
      createPodFor(api, daemonSet, `${daemonSet.metadata.name}-${randomSuffix()}`, {
        [REVISION_LABEL]: revision,
        'pod-template-generation': String(daemonSet.metadata.generation ?? 1),
      }),
    );
  }
  const ready = pods.filter(isPodReady).length;
  api.writeStatus(TYPES.daemonSet, daemonSet, {
    observedGeneration: daemonSet.metadata.generation ?? 1,
    desiredNumberScheduled: 1,
    currentNumberScheduled: pods.length,
    updatedNumberScheduled: pods.length,
    numberMisscheduled: 0,
    numberReady: ready,
    numberAvailable: ready,
    ...(ready < 1 ? { numberUnavailable: 1 } : {}),
  });
}
