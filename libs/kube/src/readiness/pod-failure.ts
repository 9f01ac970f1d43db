import { LiveObject, recordAt, stringAt } from './live-object';
import { Readiness, failed } from './readiness';

/**
 * Container waiting reasons a workload does not recover from by waiting: the kubelet keeps backing off,
 * and the rollout would otherwise sit until its progress deadline (Kubernetes' default is ten minutes).
 * Argo Rollouts, Flagger and werf treat the same reasons as failures once they persist.
 */
export const POD_FAILURE_REASONS: ReadonlySet<string> = new Set([
  'CrashLoopBackOff',
  'ImagePullBackOff',
  'ErrImagePull',
  'InvalidImageName',
  'CreateContainerConfigError',
  'CreateContainerError',
]);

export interface PodFailureInput {
  /** The workload's pod template images by container name: only pods running them are of this revision. */
  templateImages: ReadonlyMap<string, string>;
  /** A pod failing this long after it was created fails the workload. */
  afterMs: number;
  now: number;
}

/**
 * The first pod of the workload's current template that has been failing for longer than the threshold,
 * as a Failed readiness naming the pod, the container and the kubelet's reason; undefined when none is.
 * Stateless: a pod's age comes from its `creationTimestamp`, so a restarted control plane judges the same.
 */
export function podFailureOf(pods: readonly LiveObject[], input: PodFailureInput): Readiness | undefined {
  for (const pod of pods) {
    if (!runsTemplate(pod, input.templateImages)) continue;
    const created = Date.parse(String(pod.metadata?.['creationTimestamp'] ?? ''));
    if (!Number.isFinite(created) || input.now - created < input.afterMs) continue;
    const waiting = failingContainer(pod);
    if (waiting === undefined) continue;
    const seconds = Math.round((input.now - created) / 1000);
    return failed(
      waiting.reason,
      `pod ${pod.metadata?.name} container ${waiting.container}: ${waiting.reason}` +
        `${waiting.message ? ` (${waiting.message})` : ''}, ${seconds}s after it was created`,
    );
  }
  return undefined;
}

/** Images by container name of a workload's pod template. */
export function templateImagesOf(workload: LiveObject): Map<string, string> {
  const podSpec = recordAt(recordAt(workload.spec, 'template'), 'spec');
  return new Map(containersOf(podSpec, 'containers').map((container) => [container.name, container.image]));
}

function runsTemplate(pod: LiveObject, templateImages: ReadonlyMap<string, string>): boolean {
  const containers = containersOf(pod.spec, 'containers');
  return (
    containers.length > 0 && containers.every((container) => templateImages.get(container.name) === container.image)
  );
}

function failingContainer(pod: LiveObject): { container: string; reason: string; message?: string } | undefined {
  const statuses = [...recordsAt(pod.status, 'initContainerStatuses'), ...recordsAt(pod.status, 'containerStatuses')];
  for (const status of statuses) {
    const waiting = recordAt(recordAt(status, 'state'), 'waiting');
    const reason = stringAt(waiting, 'reason');
    if (reason === undefined || !POD_FAILURE_REASONS.has(reason)) continue;
    const message = stringAt(waiting, 'message');
    return { container: stringAt(status, 'name') ?? '?', reason, ...(message ? { message } : {}) };
  }
  return undefined;
}

function containersOf(
  podSpec: Record<string, unknown> | undefined,
  key: string,
): Array<{ name: string; image: string }> {
  return recordsAt(podSpec, key).flatMap((container) => {
    const name = stringAt(container, 'name');
    const image = stringAt(container, 'image');
    return name !== undefined && image !== undefined ? [{ name, image }] : [];
  });
}

function recordsAt(record: Record<string, unknown> | undefined, key: string): Record<string, unknown>[] {
  const value = record?.[key];
  if (!Array.isArray(value)) return [];
  return value.filter(
    (entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null && !Array.isArray(entry),
  );
}
