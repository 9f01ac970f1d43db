import { LiveObject, findCondition, numberAt, recordAt, stringAt } from './live-object';
import { Readiness, failed, progressing, ready } from './readiness';

// These follow kubectl's rollout status viewers (k8s.io/kubectl/pkg/polymorphichelpers/rollout_status.go);
// callers have already established that status.observedGeneration caught up with the applied generation.

export function deploymentReadiness(live: LiveObject): Readiness {
  const spec = live.spec;
  const status = live.status;
  const progressingCondition = findCondition(live, 'Progressing');
  if (progressingCondition?.reason === 'ProgressDeadlineExceeded') {
    return failed(
      'ProgressDeadlineExceeded',
      progressingCondition.message ?? `deployment ${live.metadata?.name} exceeded its progress deadline`,
    );
  }
  if (spec?.['paused'] === true) return progressing('Paused', 'deployment is paused');
  const desired = numberAt(spec, 'replicas') ?? 1;
  const updated = numberAt(status, 'updatedReplicas') ?? 0;
  const total = numberAt(status, 'replicas') ?? 0;
  const available = numberAt(status, 'availableReplicas') ?? 0;
  if (updated < desired)
    return progressing('RolloutInProgress', `${updated} out of ${desired} new replicas have been updated`);
  if (total > updated)
    return progressing('RolloutInProgress', `${total - updated} old replicas are pending termination`);
  if (available < updated)
    return progressing('RolloutInProgress', `${available} of ${updated} updated replicas are available`);
  return ready('RolloutComplete', `deployment successfully rolled out (${available} replicas available)`);
}

export function statefulSetReadiness(live: LiveObject): Readiness {
  const spec = live.spec;
  const status = live.status;
  const strategy = recordAt(spec, 'updateStrategy');
  const desired = numberAt(spec, 'replicas') ?? 1;
  const readyReplicas = numberAt(status, 'readyReplicas') ?? 0;
  if (readyReplicas < desired)
    return progressing('RolloutInProgress', `waiting for ${desired - readyReplicas} pods to be ready`);
  // OnDelete never replaces pods by itself; the rollout is as done as it will get once the pods are ready.
  if (stringAt(strategy, 'type') === 'OnDelete')
    return ready('PodsReady', `${readyReplicas} pods ready (OnDelete update strategy)`);
  const partition = numberAt(recordAt(strategy, 'rollingUpdate'), 'partition') ?? 0;
  if (partition > 0) {
    const updated = numberAt(status, 'updatedReplicas') ?? 0;
    if (updated < desired - partition) {
      return progressing(
        'RolloutInProgress',
        `waiting for partitioned roll out to finish: ${updated} out of ${desired - partition} new pods have been updated`,
      );
    }
    return ready('PartitionedRolloutComplete', `partitioned roll out complete: ${updated} new pods have been updated`);
  }
  const updateRevision = stringAt(status, 'updateRevision');
  const currentRevision = stringAt(status, 'currentRevision');
  if (updateRevision !== currentRevision) {
    return progressing(
      'RolloutInProgress',
      `waiting for statefulset rolling update to complete ${numberAt(status, 'updatedReplicas') ?? 0} pods at revision ${updateRevision}`,
    );
  }
  return ready(
    'RolloutComplete',
    `statefulset rolling update complete ${readyReplicas} pods at revision ${currentRevision}`,
  );
}

export function daemonSetReadiness(live: LiveObject): Readiness {
  const status = live.status;
  const desired = numberAt(status, 'desiredNumberScheduled') ?? 0;
  const updated = numberAt(status, 'updatedNumberScheduled') ?? 0;
  const available = numberAt(status, 'numberAvailable') ?? 0;
  if (stringAt(recordAt(live.spec, 'updateStrategy'), 'type') === 'OnDelete') {
    return available < desired
      ? progressing('RolloutInProgress', `${available} of ${desired} pods are available`)
      : ready('PodsAvailable', `${available} pods available (OnDelete update strategy)`);
  }
  if (updated < desired)
    return progressing('RolloutInProgress', `${updated} out of ${desired} new pods have been updated`);
  if (available < desired)
    return progressing('RolloutInProgress', `${available} of ${updated} updated pods are available`);
  return ready('RolloutComplete', `daemon set successfully rolled out (${available} pods available)`);
}
