import { ClusterApi, bucketOf } from '../api/cluster-api';
import { Condition, JsonObject, KubeObject } from '../api/types';
import { nowTimestamp } from '../apply/managed-fields';
import { EventRecorder } from './event-recorder';
import { FailureRecord, observePods, remainingBackoffMs } from './job-backoff';
import { TYPES, createPodFor, isPodReady, num, ownedBy, randomSuffix, withCondition } from './workload-helpers';

function finishedCondition(conditions: Condition[]): boolean {
  return conditions.some(
    (condition) => (condition.type === 'Complete' || condition.type === 'Failed') && condition.status === 'True',
  );
}

/** The Job controller's memory of pod failures, for its back-off before it replaces a failed pod. */
export interface JobFailureBackoff {
  /** The wait after the first failure; it doubles with each further one (10 s on a real cluster). */
  baseMs: number;
  /** Per Job uid. Lost on restart, when the wait starts over from the first sync. */
  records: Map<string, FailureRecord>;
  requeueAfter: (job: KubeObject, delayMs: number) => void;
}

/**
 * Job: runs pods until `completions` succeeded (Complete) or more than backoffLimit failed (Failed),
 * replacing a failed pod only after the exponential pod failure back-off, as the real controller does.
 */
export function reconcileJob(
  api: ClusterApi,
  job: KubeObject,
  events: EventRecorder,
  backoff: JobFailureBackoff,
): void {
  if (job.metadata.deletionTimestamp) return;
  const status = job.status ?? {};
  const conditions = Array.isArray(status.conditions) ? (status.conditions as Condition[]) : [];
  if (finishedCondition(conditions) || job.spec?.suspend === true) return;
  const pods = ownedBy(api.store.list(bucketOf(TYPES.pod), job.metadata.namespace), job);
  const succeeded = pods.filter((pod) => pod.status?.phase === 'Succeeded').length;
  const failed = pods.filter((pod) => pod.status?.phase === 'Failed' || hasCrashed(pod)).length;
  const active = pods.filter(
    (pod) => pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed' && !hasCrashed(pod),
  );
  const completions = num(job.spec?.completions, 1);
  const parallelism = num(job.spec?.parallelism, 1);
  const backoffLimit = num(job.spec?.backoffLimit, 6);
  const next: JsonObject = {
    startTime: (status.startTime as string | undefined) ?? nowTimestamp(),
    active: active.length,
    ready: active.filter(isPodReady).length,
    succeeded,
    failed,
    terminating: 0,
    uncountedTerminatedPods: {},
  };
  let nextConditions = conditions;
  if (failed > backoffLimit) {
    for (const pod of active) api.removeNow(TYPES.pod, pod);
    next.active = 0;
    const failure = {
      type: 'Failed',
      status: 'True' as const,
      reason: 'BackoffLimitExceeded',
      message: 'Job has reached the specified backoff limit',
      lastProbeTime: nowTimestamp(),
    };
    nextConditions = withCondition(withCondition(conditions, { ...failure, type: 'FailureTarget' }), failure);
    events.record(job, 'Warning', 'BackoffLimitExceeded', failure.message, 'job-controller');
  } else if (succeeded >= completions) {
    next.completionTime = nowTimestamp();
    const success = {
      status: 'True' as const,
      reason: 'CompletionsReached',
      message: 'Reached expected number of succeeded pods',
      lastProbeTime: nowTimestamp(),
    };
    nextConditions = withCondition(withCondition(conditions, { ...success, type: 'SuccessCriteriaMet' }), {
      ...success,
      type: 'Complete',
    });
    events.record(job, 'Normal', 'Completed', 'Job completed', 'job-controller');
  } else {
    const uid = job.metadata.uid!;
    const record = observePods(backoff.records.get(uid), { failed, succeeded }, Date.now());
    backoff.records.set(uid, record);
    const waitMs = remainingBackoffMs(record, backoff.baseMs, Date.now());
    let wanted = Math.min(parallelism, completions - succeeded) - active.length;
    if (wanted > 0 && waitMs > 0) {
      backoff.requeueAfter(job, waitMs);
      wanted = 0;
    }
    for (let index = 0; index < wanted; index++) {
      const pod = createPodFor(api, job, `${job.metadata.name}-${randomSuffix()}`);
      events.record(job, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`, 'job-controller');
    }
    next.active = active.length + Math.max(0, wanted);
  }
  if (nextConditions.length > 0) next.conditions = nextConditions;
  api.writeStatus(TYPES.job, job, next);
}

/** A crash-looping job pod counts as failed: the sandbox never lets it succeed. */
function hasCrashed(pod: KubeObject): boolean {
  const statuses = Array.isArray(pod.status?.containerStatuses) ? pod.status.containerStatuses : [];
  return statuses.some((status) => JSON.stringify(status).includes('CrashLoopBackOff'));
}
