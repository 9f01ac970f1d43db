import { ClusterApi, bucketOf } from '../api/cluster-api';
import { ApiError } from '../api/api-error';
import { Condition, JsonObject, KubeObject, isJsonObject } from '../api/types';
import { timestampOf } from './clock';
import { CronSchedule, CronSyntaxError, mostRecentFiring, parseCronSchedule } from './cron-schedule';
import { EventRecorder } from './event-recorder';
import { TYPES, controllerReference, num, ownedBy } from './workload-helpers';

const COMPONENT = 'cronjob-controller';
const SCHEDULED_TIMESTAMP_ANNOTATION = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

function finishedAs(job: KubeObject): 'Complete' | 'Failed' | undefined {
  const conditions = Array.isArray(job.status?.conditions) ? (job.status.conditions as Condition[]) : [];
  const finished = conditions.find(
    (condition) => (condition.type === 'Complete' || condition.type === 'Failed') && condition.status === 'True',
  );
  return finished?.type === 'Complete' || finished?.type === 'Failed' ? finished.type : undefined;
}

function jobReference(job: KubeObject): JsonObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    name: job.metadata.name!,
    namespace: job.metadata.namespace!,
    uid: job.metadata.uid!,
    resourceVersion: job.metadata.resourceVersion!,
  };
}

/**
 * The CronJob controller: creates a Job named <cronjob>-<scheduled minute since epoch> from
 * spec.jobTemplate at each firing of spec.schedule (in spec.timeZone), within
 * startingDeadlineSeconds, under the concurrencyPolicy; tracks status.active, lastScheduleTime and
 * lastSuccessfulTime; deletes finished Jobs beyond the history limits. `now` is the controller clock.
 */
export function reconcileCronJob(api: ClusterApi, cronJob: KubeObject, now: number, events: EventRecorder): void {
  if (cronJob.metadata.deletionTimestamp) return;
  const spec = cronJob.spec ?? {};
  const jobs = ownedBy(api.store.list(bucketOf(TYPES.job), cronJob.metadata.namespace), cronJob);
  const status: JsonObject = { ...(cronJob.status ?? {}) };
  const wasActive = new Set(
    (Array.isArray(status.active) ? status.active.filter(isJsonObject) : []).map((reference) => reference.uid),
  );
  for (const job of jobs) {
    const finished = finishedAs(job);
    if (!finished || !wasActive.has(job.metadata.uid!)) continue;
    events.record(
      cronJob,
      'Normal',
      'SawCompletedJob',
      `Saw completed job: ${job.metadata.name}, condition: ${finished}`,
      COMPONENT,
    );
    if (finished === 'Complete')
      status.lastSuccessfulTime = String(job.status?.completionTime ?? timestampOf(Date.now()));
  }
  let active = jobs.filter((job) => !finishedAs(job) && !job.metadata.deletionTimestamp);
  removeOldJobs(api, cronJob, jobs, events);

  const scheduled = spec.suspend === true ? undefined : dueFiring(cronJob, now, events);
  if (scheduled !== undefined) {
    const policy = spec.concurrencyPolicy ?? 'Allow';
    if (policy === 'Forbid' && active.length > 0) {
      events.record(
        cronJob,
        'Normal',
        'JobAlreadyActive',
        'Not starting job because prior execution is running and concurrency policy is Forbid',
        COMPONENT,
      );
    } else {
      if (policy === 'Replace') {
        for (const job of active) deleteJob(api, cronJob, job, events);
        active = [];
      }
      const created = createJob(api, cronJob, scheduled, events);
      if (created) active.push(created);
      status.lastScheduleTime = timestampOf(scheduled);
    }
  }
  if (active.length > 0) status.active = active.map(jobReference);
  else delete status.active;
  api.writeStatus(TYPES.cronJob, cronJob, status);
}

/** The firing to act on now, if any: the latest one since the last, unless it missed its starting deadline. */
function dueFiring(cronJob: KubeObject, now: number, events: EventRecorder): number | undefined {
  const spec = cronJob.spec ?? {};
  const timeZone = typeof spec.timeZone === 'string' ? spec.timeZone : undefined;
  let schedule: CronSchedule;
  try {
    schedule = parseCronSchedule(String(spec.schedule));
  } catch (error) {
    if (!(error instanceof CronSyntaxError)) throw error;
    events.record(
      cronJob,
      'Warning',
      'InvalidSchedule',
      `invalid schedule: ${String(spec.schedule)} : ${error.message}`,
      COMPONENT,
    );
    return undefined;
  }
  const since = Date.parse(String(cronJob.status?.lastScheduleTime ?? cronJob.metadata.creationTimestamp));
  let firing: Date | undefined;
  try {
    firing = mostRecentFiring(schedule, new Date(since), new Date(now), timeZone);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    events.record(
      cronJob,
      'Warning',
      'UnknownTimeZone',
      `invalid timeZone: "${timeZone}": ${error.message}`,
      COMPONENT,
    );
    return undefined;
  }
  if (!firing) return undefined;
  const deadlineSeconds = spec.startingDeadlineSeconds;
  if (typeof deadlineSeconds === 'number' && firing.getTime() < now - deadlineSeconds * 1000) {
    events.record(
      cronJob,
      'Warning',
      'MissSchedule',
      `Missed scheduled time to start a job: ${firing.toUTCString()}`,
      COMPONENT,
    );
    return undefined;
  }
  return firing.getTime();
}

function createJob(
  api: ClusterApi,
  cronJob: KubeObject,
  scheduled: number,
  events: EventRecorder,
): KubeObject | undefined {
  const template = isJsonObject(cronJob.spec?.jobTemplate) ? cronJob.spec.jobTemplate : {};
  const templateMetadata = isJsonObject(template.metadata) ? template.metadata : {};
  const name = `${cronJob.metadata.name}-${Math.floor(scheduled / 60_000)}`;
  if (api.tryGet(TYPES.job, cronJob.metadata.namespace, name)) return undefined;
  try {
    const job = api.createOwned(TYPES.job, {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name,
        namespace: cronJob.metadata.namespace,
        labels: { ...((templateMetadata.labels as Record<string, string> | undefined) ?? {}) },
        annotations: {
          ...((templateMetadata.annotations as Record<string, string> | undefined) ?? {}),
          [SCHEDULED_TIMESTAMP_ANNOTATION]: timestampOf(scheduled),
        },
        ownerReferences: [controllerReference(cronJob)],
      },
      spec: structuredClone(isJsonObject(template.spec) ? template.spec : {}),
    });
    events.record(cronJob, 'Normal', 'SuccessfulCreate', `Created job ${name}`, COMPONENT);
    return job;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    events.record(cronJob, 'Warning', 'FailedCreate', `Error creating job: ${error.message}`, COMPONENT);
    return undefined;
  }
}

/** Keeps the newest successfulJobsHistoryLimit complete and failedJobsHistoryLimit failed Jobs. */
function removeOldJobs(api: ClusterApi, cronJob: KubeObject, jobs: KubeObject[], events: EventRecorder): void {
  const limits = {
    Complete: num(cronJob.spec?.successfulJobsHistoryLimit, 3),
    Failed: num(cronJob.spec?.failedJobsHistoryLimit, 1),
  };
  for (const outcome of ['Complete', 'Failed'] as const) {
    const finished = jobs
      .filter((job) => finishedAs(job) === outcome && !job.metadata.deletionTimestamp)
      .sort((left, right) => scheduledMinute(right) - scheduledMinute(left));
    for (const job of finished.slice(limits[outcome])) deleteJob(api, cronJob, job, events);
  }
}

/** The minute in the name of a Job this controller created, which orders them by schedule. */
function scheduledMinute(job: KubeObject): number {
  return Number(job.metadata.name!.slice(job.metadata.name!.lastIndexOf('-') + 1)) || 0;
}

function deleteJob(api: ClusterApi, cronJob: KubeObject, job: KubeObject, events: EventRecorder): void {
  api.delete(TYPES.job, job.metadata.namespace, job.metadata.name!, { propagationPolicy: 'Background' });
  events.record(cronJob, 'Normal', 'SuccessfulDelete', `Deleted job ${job.metadata.name}`, COMPONENT);
}
