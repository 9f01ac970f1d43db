import { ClusterApi } from '../api/cluster-api';
import { KubeObject } from '../api/types';
import { nowTimestamp } from '../apply/managed-fields';
import { StoreEvent } from '../storage/object-store';
import { ControllerClock } from './clock';
import { reconcileCronJob } from './cron-job-controller';
import { reconcileDaemonSet } from './daemon-set-controller';
import { DeploymentProgress, reconcileDeployment } from './deployment-controller';
import { EventRecorder } from './event-recorder';
import { HorizontalPodAutoscalerController } from './horizontal-pod-autoscaler-controller';
import { JobFailureBackoff, reconcileJob } from './job-controller';
import { PodLifecycle } from './pod-lifecycle';
import { reconcileReplicaSet } from './replica-set-controller';
import { reconcileStatefulSet } from './stateful-set-controller';
import { ClusterCapacity, Timeline } from './timeline';
import { TYPES, controllerOf } from './workload-helpers';

export type { ClusterCapacity, Timeline } from './timeline';

const BOOTSTRAP_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

const RECONCILERS: Record<string, keyof typeof TYPES> = {
  '/pods': 'pod',
  'apps/deployments': 'deployment',
  'apps/replicasets': 'replicaSet',
  'apps/statefulsets': 'statefulSet',
  'apps/daemonsets': 'daemonSet',
  'batch/jobs': 'job',
  'batch/cronjobs': 'cronJob',
  'autoscaling/horizontalpodautoscalers': 'horizontalPodAutoscaler',
};

const OWNER_BUCKETS: Record<string, string> = {
  Deployment: 'apps/deployments',
  ReplicaSet: 'apps/replicasets',
  StatefulSet: 'apps/statefulsets',
  DaemonSet: 'apps/daemonsets',
  Job: 'batch/jobs',
  CronJob: 'batch/cronjobs',
};

/** How often CronJob schedules are checked; a firing is acted on within this long. */
const CRON_CHECK_MS = 1000;
const EVENT_EXPIRY_CHECK_MS = 60_000;

/**
 * Runs the simulated control loops of one cluster. Store events enqueue the affected objects (and
 * their controllers); a batch is reconciled on the next turn of the event loop, so a burst of
 * writes costs one reconcile per object.
 */
export class ClusterControllers {
  private readonly queue = new Map<string, { bucket: string; namespace?: string; name: string }>();
  private readonly pods: PodLifecycle;
  private readonly progress: DeploymentProgress;
  private readonly jobBackoff: JobFailureBackoff;
  private readonly requeueTimers = new Map<string, { timer: NodeJS.Timeout; dueAt: number }>();
  private readonly clock = new ControllerClock();
  private readonly events: EventRecorder;
  private readonly autoscalers: HorizontalPodAutoscalerController;
  private readonly tickers: NodeJS.Timeout[] = [];
  private unsubscribe?: () => void;
  private flushScheduled = false;
  private scheduleWanted = false;
  private stopped = false;

  constructor(
    private readonly api: ClusterApi,
    private readonly options: { clusterName: string; capacity: ClusterCapacity; timeline: Timeline },
  ) {
    this.events = new EventRecorder(api);
    this.autoscalers = new HorizontalPodAutoscalerController(api, this.events, options.timeline.hpaStabilizationMs);
    this.pods = new PodLifecycle(api, this.nodeName, options.capacity, options.timeline, this.events);
    this.progress = {
      lastProgressAt: new Map(),
      requeueAfter: (deployment, delayMs) => this.requeueAfter('apps/deployments', deployment, delayMs),
    };
    this.jobBackoff = {
      baseMs: options.timeline.jobBackoffMs,
      records: new Map(),
      requeueAfter: (job, delayMs) => this.requeueAfter('batch/jobs', job, delayMs),
    };
  }

  private get nodeName(): string {
    return `${this.options.clusterName}-node`;
  }

  start(): void {
    this.bootstrap();
    this.unsubscribe = this.api.store.subscribe((event) => this.onEvent(event));
    // Objects restored from a state file need their controllers to catch up.
    for (const bucket of Object.keys(RECONCILERS)) {
      for (const object of this.api.store.list(bucket)) this.enqueue(bucket, object);
    }
    this.scheduleWanted = true;
    this.scheduleFlush();
    this.every(CRON_CHECK_MS, () => this.enqueueAll('batch/cronjobs'));
    this.every(EVENT_EXPIRY_CHECK_MS, () => this.events.expire());
  }

  /** Moves the clock CronJobs and HPAs act on forward, and re-evaluates them at once. */
  advanceClock(seconds: number): number {
    this.clock.advance(seconds);
    this.enqueueAll('batch/cronjobs');
    this.enqueueAll('autoscaling/horizontalpodautoscalers');
    return this.clock.offsetSeconds;
  }

  /** Sets the CPU utilization an HPA reads (undefined: no metric) and re-evaluates that HPA at once. */
  setCpuUtilization(namespace: string, name: string, percent: number | undefined): void {
    this.autoscalers.setCpuUtilization(namespace, name, percent);
    this.enqueue('autoscaling/horizontalpodautoscalers', { metadata: { namespace, name } });
    this.scheduleFlush();
  }

  stop(): void {
    this.stopped = true;
    for (const ticker of this.tickers) clearInterval(ticker);
    this.unsubscribe?.();
    this.pods.stop();
    for (const { timer } of this.requeueTimers.values()) clearTimeout(timer);
    this.requeueTimers.clear();
  }

  private every(intervalMs: number, work: () => void): void {
    const ticker = setInterval(() => {
      work();
      this.scheduleFlush();
    }, intervalMs);
    ticker.unref();
    this.tickers.push(ticker);
  }

  private enqueueAll(bucket: string): void {
    for (const object of this.api.store.list(bucket)) this.enqueue(bucket, object);
  }

  private bootstrap(): void {
    for (const name of BOOTSTRAP_NAMESPACES) {
      if (!this.api.tryGet(TYPES.namespace, undefined, name)) {
        this.api.createOwned(TYPES.namespace, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
      }
    }
    if (!this.api.tryGet(TYPES.node, undefined, this.nodeName)) {
      const { capacity } = this.options;
      const resources = { cpu: capacity.cpu, memory: capacity.memory, pods: String(capacity.pods) };
      const node = this.api.createOwned(TYPES.node, {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: {
          name: this.nodeName,
          labels: {
            'kubernetes.io/hostname': this.nodeName,
            'kubernetes.io/os': 'linux',
            'node-role.kubernetes.io/worker': '',
          },
        },
        spec: {},
      });
      this.api.writeStatus(TYPES.node, node, {
        capacity: resources,
        allocatable: resources,
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            reason: 'KubeletReady',
            message: 'kubelet is posting ready status',
            lastHeartbeatTime: nowTimestamp(),
            lastTransitionTime: nowTimestamp(),
          },
        ],
        nodeInfo: {
          kubeletVersion: 'v1.32.0-sandbox',
          containerRuntimeVersion: 'sandbox://1.0',
          operatingSystem: 'linux',
          architecture: 'amd64',
        },
        addresses: [
          { type: 'InternalIP', address: '10.0.0.10' },
          { type: 'Hostname', address: this.nodeName },
        ],
      });
    }
  }

  private onEvent(event: StoreEvent): void {
    if (event.bucket === '/pods') {
      if (event.type === 'DELETED') {
        this.pods.forget(event.object);
        this.scheduleWanted = true;
      } else if (!event.object.spec?.nodeName) this.scheduleWanted = true;
    }
    if (event.type === 'DELETED' && event.bucket === 'apps/deployments') {
      this.progress.lastProgressAt.delete(event.object.metadata.uid!);
    }
    if (event.type === 'DELETED' && event.bucket === 'batch/jobs') {
      this.jobBackoff.records.delete(event.object.metadata.uid!);
      this.cancelRequeue(event.object);
    }
    if (event.type === 'DELETED' && event.bucket === 'autoscaling/horizontalpodautoscalers') {
      this.autoscalers.forget(event.object);
      this.cancelRequeue(event.object);
    }
    if (RECONCILERS[event.bucket] && event.bucket !== '/pods' && this.needsReconcile(event))
      this.enqueue(event.bucket, event.object);
    const owner = controllerOf(event.object);
    const ownerBucket = owner ? OWNER_BUCKETS[owner.kind] : undefined;
    if (owner && ownerBucket)
      this.enqueue(ownerBucket, { metadata: { name: owner.name, namespace: event.object.metadata.namespace } });
    this.scheduleFlush();
  }

  /**
   * A workload's own event matters when it is new, its spec changed (generation moved) or it started
   * terminating; metadata-only writes (labels, annotations, re-applies) and its own status writes do
   * not, which keeps repeated applies cheap.
   */
  private needsReconcile(event: StoreEvent): boolean {
    if (event.type === 'DELETED') return false;
    const previous = event.previous?.metadata;
    const current = event.object.metadata;
    return (
      !previous ||
      previous.generation !== current.generation ||
      previous.deletionTimestamp !== current.deletionTimestamp
    );
  }

  private enqueue(bucket: string, object: Pick<KubeObject, 'metadata'>): void {
    const key = `${bucket}|${object.metadata.namespace ?? ''}|${object.metadata.name}`;
    this.queue.set(key, { bucket, namespace: object.metadata.namespace, name: object.metadata.name! });
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.stopped) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.stopped) return;
    if (this.scheduleWanted) {
      this.scheduleWanted = false;
      this.pods.schedulePending();
    }
    const batch = [...this.queue.values()];
    this.queue.clear();
    for (const item of batch) {
      const typeName = RECONCILERS[item.bucket];
      if (!typeName || typeName === 'pod') continue;
      const object = this.api.tryGet(TYPES[typeName], item.namespace, item.name);
      if (object) this.reconcile(typeName, object);
    }
  }

  private reconcile(typeName: keyof typeof TYPES, object: KubeObject): void {
    switch (typeName) {
      case 'deployment':
        return reconcileDeployment(this.api, object, this.options.timeline, this.progress, this.events);
      case 'replicaSet':
        return reconcileReplicaSet(this.api, object, this.events);
      case 'statefulSet':
        return reconcileStatefulSet(this.api, object);
      case 'daemonSet':
        return reconcileDaemonSet(this.api, object);
      case 'job':
        return reconcileJob(this.api, object, this.events, this.jobBackoff);
      case 'cronJob':
        return reconcileCronJob(this.api, object, this.clock.now(), this.events);
      case 'horizontalPodAutoscaler':
        this.autoscalers.reconcile(object, this.clock.now());
        return this.syncAgainAfterPeriod(object);
    }
  }

  /**
   * Each HPA is synced again one period after its last sync, however that one came (the period, a
   * metric set by a test, a moved clock): the real controller's queue holds every HPA for the full
   * resync period, so the status a sync wrote stands that long.
   */
  private syncAgainAfterPeriod(hpa: KubeObject): void {
    this.cancelRequeue(hpa);
    this.requeueAfter('autoscaling/horizontalpodautoscalers', hpa, this.options.timeline.hpaSyncMs);
  }

  /** A requeue due sooner replaces a later one (a new revision may carry a shorter progress deadline). */
  private requeueAfter(bucket: string, object: KubeObject, delayMs: number): void {
    const uid = object.metadata.uid!;
    const dueAt = Date.now() + delayMs;
    const pending = this.requeueTimers.get(uid);
    if (pending && pending.dueAt <= dueAt) return;
    if (pending) clearTimeout(pending.timer);
    const timer = setTimeout(() => {
      this.requeueTimers.delete(uid);
      this.enqueue(bucket, object);
      this.scheduleFlush();
    }, delayMs);
    timer.unref();
    this.requeueTimers.set(uid, { timer, dueAt });
  }

  private cancelRequeue(object: KubeObject): void {
    const pending = this.requeueTimers.get(object.metadata.uid!);
    if (pending) clearTimeout(pending.timer);
    this.requeueTimers.delete(object.metadata.uid!);
  }
}
