import { ClusterApi, bucketOf } from '../api/cluster-api';
import { Condition, JsonObject, KubeObject, isJsonObject } from '../api/types';
import { nowTimestamp } from '../apply/managed-fields';
import { EventRecorder } from './event-recorder';
import { parseQuantity, podRequests } from './quantities';
import { ClusterCapacity, Timeline } from './timeline';
import { TYPES, isPodActive } from './workload-helpers';

type ImageFault = 'crashloop' | 'unpullable' | undefined;

function imageFault(pod: KubeObject): ImageFault {
  const containers = Array.isArray(pod.spec?.containers) ? pod.spec.containers.filter(isJsonObject) : [];
  const tags = containers.map((container) => {
    const image = String(container.image ?? '');
    const colon = image.lastIndexOf(':');
    return colon > image.lastIndexOf('/') ? image.slice(colon + 1) : '';
  });
  if (tags.some((tag) => tag.includes('unpullable'))) return 'unpullable';
  if (tags.some((tag) => tag.includes('crashloop'))) return 'crashloop';
  return undefined;
}

function containerNames(pod: KubeObject): Array<{ name: string; image: string }> {
  const containers = Array.isArray(pod.spec?.containers) ? pod.spec.containers.filter(isJsonObject) : [];
  return containers.map((container) => ({ name: String(container.name), image: String(container.image) }));
}

function condition(type: string, status: boolean, reason?: string, message?: string): Condition {
  return {
    type,
    status: status ? 'True' : 'False',
    lastProbeTime: null,
    lastTransitionTime: nowTimestamp(),
    ...(reason ? { reason } : {}),
    ...(message ? { message } : {}),
  };
}

/**
 * The scheduler and kubelet of a sandbox cluster: binds pods to the single node while its capacity
 * lasts (otherwise they stay Pending/Unschedulable), then walks them through ContainerCreating,
 * Running and Ready on the timeline. Images tagged "crashloop" or "unpullable" never become ready.
 */
export class PodLifecycle {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly api: ClusterApi,
    private readonly nodeName: string,
    private readonly capacity: ClusterCapacity,
    private readonly timeline: Timeline,
    private readonly events: EventRecorder,
  ) {}

  stop(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  forget(pod: KubeObject): void {
    const timer = this.timers.get(pod.metadata.uid!);
    if (timer) clearTimeout(timer);
    this.timers.delete(pod.metadata.uid!);
  }

  /** Tries to bind every unscheduled pod, oldest first; called when pods appear or capacity frees up. */
  schedulePending(): void {
    const pods = this.api.store.list(bucketOf(TYPES.pod));
    const used = { cpu: 0, memory: 0, pods: 0 };
    const waiting: KubeObject[] = [];
    for (const pod of pods) {
      if (!isPodActive(pod)) continue;
      if (pod.spec?.nodeName) {
        const requests = podRequests(pod.spec);
        used.cpu += requests.cpu;
        used.memory += requests.memory;
        used.pods += 1;
      } else waiting.push(pod);
    }
    const cpu = parseQuantity(this.capacity.cpu);
    const memory = parseQuantity(this.capacity.memory);
    waiting.sort((left, right) => Number(left.metadata.resourceVersion) - Number(right.metadata.resourceVersion));
    for (const pod of waiting) {
      const requests = podRequests(pod.spec);
      const shortages = [
        ...(used.cpu + requests.cpu > cpu ? ['Insufficient cpu'] : []),
        ...(used.memory + requests.memory > memory ? ['Insufficient memory'] : []),
        ...(used.pods + 1 > this.capacity.pods ? ['Too many pods'] : []),
      ];
      if (shortages.length > 0) {
        this.markUnschedulable(pod, shortages);
        continue;
      }
      used.cpu += requests.cpu;
      used.memory += requests.memory;
      used.pods += 1;
      this.bind(pod);
    }
  }

  private markUnschedulable(pod: KubeObject, shortages: string[]): void {
    const message = `0/1 nodes are available: ${shortages.map((shortage) => `1 ${shortage}`).join(', ')}. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.`;
    const existing = Array.isArray(pod.status?.conditions) ? (pod.status.conditions as Condition[]) : [];
    if (existing.some((item) => item.type === 'PodScheduled' && item.message === message)) return;
    this.events.record(pod, 'Warning', 'FailedScheduling', message, 'default-scheduler');
    this.api.writeStatus(TYPES.pod, pod, {
      ...(pod.status ?? {}),
      phase: 'Pending',
      conditions: [condition('PodScheduled', false, 'Unschedulable', message)],
    });
  }

  private bind(pod: KubeObject): void {
    const bound = this.api.writeSpec(TYPES.pod, pod, { ...(pod.spec ?? {}), nodeName: this.nodeName });
    const fault = imageFault(bound);
    this.events.record(
      bound,
      'Normal',
      'Scheduled',
      `Successfully assigned ${bound.metadata.namespace}/${bound.metadata.name} to ${this.nodeName}`,
      'default-scheduler',
    );
    const waitingReason = fault === 'unpullable' ? 'ErrImagePull' : 'ContainerCreating';
    this.api.writeStatus(TYPES.pod, bound, {
      phase: 'Pending',
      qosClass: bound.status?.qosClass ?? 'BestEffort',
      hostIP: '10.0.0.10',
      startTime: nowTimestamp(),
      conditions: [
        condition('PodReadyToStartContainers', false),
        condition('Initialized', true),
        condition('Ready', false, 'ContainersNotReady', 'containers with unready status'),
        condition('ContainersReady', false, 'ContainersNotReady', 'containers with unready status'),
        condition('PodScheduled', true),
      ],
      containerStatuses: containerNames(bound).map(({ name, image }) => ({
        name,
        image,
        imageID: '',
        ready: false,
        restartCount: 0,
        started: false,
        state: { waiting: { reason: waitingReason } },
      })),
    });
    this.after(bound, this.timeline.podStartMs, () => this.start(bound, fault));
  }

  private start(pod: KubeObject, fault: ImageFault): void {
    this.recordStart(pod, fault);
    if (fault === 'unpullable') {
      this.setContainers(pod, 'Pending', false, () => ({
        state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image' } },
      }));
      return;
    }
    if (fault === 'crashloop') {
      this.setContainers(pod, 'Running', false, () => ({
        restartCount: 1,
        state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 10s restarting failed container' } },
        lastState: {
          terminated: { exitCode: 1, reason: 'Error', startedAt: nowTimestamp(), finishedAt: nowTimestamp() },
        },
      }));
      return;
    }
    this.setContainers(pod, 'Running', false, () => ({
      started: true,
      state: { running: { startedAt: nowTimestamp() } },
    }));
    this.after(pod, this.timeline.podReadyMs, () => this.becomeReady(pod));
  }

  /** The kubelet's events for pulling images and starting (or failing to start) containers. */
  private recordStart(pod: KubeObject, fault: ImageFault): void {
    for (const { name, image } of containerNames(pod)) {
      if (fault === 'unpullable') {
        this.events.record(pod, 'Warning', 'Failed', `Failed to pull image "${image}": manifest unknown`, 'kubelet');
        this.events.record(pod, 'Warning', 'Failed', 'Error: ErrImagePull', 'kubelet');
        this.events.record(pod, 'Normal', 'BackOff', `Back-off pulling image "${image}"`, 'kubelet');
        continue;
      }
      this.events.record(pod, 'Normal', 'Pulled', `Container image "${image}" already present on machine`, 'kubelet');
      if (fault === 'crashloop')
        this.events.record(
          pod,
          'Warning',
          'BackOff',
          `Back-off restarting failed container ${name} in pod ${pod.metadata.name}`,
          'kubelet',
        );
    }
  }

  private becomeReady(pod: KubeObject): void {
    const isJobPod = pod.spec?.restartPolicy === 'Never' || pod.spec?.restartPolicy === 'OnFailure';
    this.setContainers(pod, 'Running', true, (status) => ({ ...status, ready: true }));
    if (isJobPod) this.after(pod, this.timeline.jobRunMs, () => this.succeed(pod));
  }

  private succeed(pod: KubeObject): void {
    this.setContainers(pod, 'Succeeded', false, () => ({
      ready: false,
      started: false,
      state: {
        terminated: { exitCode: 0, reason: 'Completed', startedAt: nowTimestamp(), finishedAt: nowTimestamp() },
      },
    }));
  }

  private setContainers(
    pod: KubeObject,
    phase: string,
    ready: boolean,
    container: (current: JsonObject) => JsonObject,
  ): void {
    const latest = this.api.tryGet(TYPES.pod, pod.metadata.namespace, pod.metadata.name!);
    if (!latest || latest.metadata.uid !== pod.metadata.uid || latest.metadata.deletionTimestamp) return;
    const status = latest.status ?? {};
    const statuses = Array.isArray(status.containerStatuses) ? status.containerStatuses.filter(isJsonObject) : [];
    const conditions = (Array.isArray(status.conditions) ? (status.conditions as Condition[]) : []).map((item) => {
      if (item.type === 'Ready' || item.type === 'ContainersReady') {
        return ready
          ? { type: item.type, status: 'True' as const, lastProbeTime: null, lastTransitionTime: nowTimestamp() }
          : { ...item, status: 'False' as const };
      }
      if (item.type === 'PodReadyToStartContainers')
        return { ...item, status: phase === 'Pending' ? ('False' as const) : ('True' as const) };
      return item;
    });
    this.api.writeStatus(TYPES.pod, latest, {
      ...status,
      phase,
      podIP: '10.244.0.' + ((Number(latest.metadata.resourceVersion) % 250) + 2),
      conditions,
      containerStatuses: statuses.map((current) => ({ ...current, ...container(current) })),
    });
  }

  private after(pod: KubeObject, delayMs: number, step: () => void): void {
    this.forget(pod);
    const timer = setTimeout(() => {
      this.timers.delete(pod.metadata.uid!);
      step();
    }, delayMs);
    timer.unref();
    this.timers.set(pod.metadata.uid!, timer);
  }
}
