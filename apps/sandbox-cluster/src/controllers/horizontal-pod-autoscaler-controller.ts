import { ApiError, qualifiedResource } from '../api/api-error';
import { ClusterApi, bucketOf } from '../api/cluster-api';
import { ResourceType } from '../api/resource-catalog';
import { Condition, JsonObject, KubeObject, isJsonObject } from '../api/types';
import { SelectorError, matchesLabels, parseLabelSelector } from '../storage/selectors';
import { timestampOf } from './clock';
import { EventRecorder } from './event-recorder';
import { PodUtilization, Recommendation, clampReplicas, replicasForUtilization, stabilize } from './hpa-arithmetic';
import { TYPES, isPodReady, num, withCondition } from './workload-helpers';

const COMPONENT = 'horizontal-pod-autoscaler';
/** The target when spec.metrics is empty, as the real controller defaults it. */
const DEFAULT_CPU_TARGET = 80;
const CPU_METRIC = 'cpu resource utilization (percentage of request)';
const UNABLE_TO_COMPUTE = 'the HPA was unable to compute the replica count: failed to get cpu utilization: ';
const NO_METRICS_API = 'unable to get metrics for resource cpu: no metrics returned from resource metrics API';
const NO_READY_PODS = 'did not receive metrics for targeted pods (pods might be unready)';

/** The CPU utilization target of an autoscaling/v2 HPA (or a v1-shaped one), or undefined if it has none. */
function cpuTarget(hpa: KubeObject): number | undefined {
  const spec = hpa.spec ?? {};
  if (typeof spec.targetCPUUtilizationPercentage === 'number') return spec.targetCPUUtilizationPercentage;
  const metrics = Array.isArray(spec.metrics) ? spec.metrics.filter(isJsonObject) : [];
  if (metrics.length === 0) return DEFAULT_CPU_TARGET;
  for (const metric of metrics) {
    const resource = isJsonObject(metric.resource) ? metric.resource : {};
    const target = isJsonObject(resource.target) ? resource.target : {};
    if (metric.type === 'Resource' && resource.name === 'cpu' && typeof target.averageUtilization === 'number')
      return target.averageUtilization;
  }
  return undefined;
}

interface SimulatedLoad {
  percent: number;
  /** The target's replica count when the utilization was first read: the pods the load was set over. */
  atReplicas?: number;
}

function condition(type: string, status: boolean, reason: string, message: string): Condition {
  return { type, status: status ? 'True' : 'False', reason, message };
}

/**
 * The HorizontalPodAutoscaler controller for CPU utilization targets. The sandbox serves no metrics
 * API: each HPA's utilization is what a test set (`setCpuUtilization`), a fixed total load spread over
 * the target's ready pods as they come and go (a Service routes only to ready pods), so a pod a
 * scale-up adds takes its share once it is ready; pods not ready yet report nothing, as their samples
 * are not counted by the real controller. Without a utilization, the HPA reports
 * FailedGetResourceMetric and only enforces minReplicas/maxReplicas, as a real one without a metrics
 * server does. Scales the target through its scale subresource; no behaviour policies apply beyond
 * scale-down stabilization over `stabilizationMs`.
 */
export class HorizontalPodAutoscalerController {
  private readonly load = new Map<string, SimulatedLoad>();
  private readonly recommendations = new Map<string, Recommendation[]>();

  constructor(
    private readonly api: ClusterApi,
    private readonly events: EventRecorder,
    private readonly stabilizationMs: number,
  ) {}

  /** Sets (or, with undefined, withdraws) the simulated CPU utilization the HPA reads. */
  setCpuUtilization(namespace: string, name: string, percent: number | undefined): void {
    if (percent === undefined) this.load.delete(`${namespace}/${name}`);
    else this.load.set(`${namespace}/${name}`, { percent });
  }

  forget(hpa: KubeObject): void {
    this.recommendations.delete(hpa.metadata.uid!);
  }

  reconcile(hpa: KubeObject, now: number): void {
    if (hpa.metadata.deletionTimestamp) return;
    const spec = hpa.spec ?? {};
    const reference = isJsonObject(spec.scaleTargetRef) ? spec.scaleTargetRef : {};
    const type = this.api.catalog.findByKind(String(reference.apiVersion), String(reference.kind));
    const previous = hpa.status ?? {};
    let conditions = Array.isArray(previous.conditions) ? (previous.conditions as Condition[]) : [];
    const target = type?.scale ? this.api.tryGet(type, hpa.metadata.namespace, String(reference.name)) : undefined;
    if (!type?.scale || !target) {
      const resource = type ? qualifiedResource(type) : String(reference.kind).toLowerCase();
      const message = `the HPA controller was unable to get the target's current scale: ${resource}/scale "${String(reference.name)}" not found`;
      this.events.record(hpa, 'Warning', 'FailedGetScale', message, COMPONENT);
      conditions = withCondition(conditions, condition('AbleToScale', false, 'FailedGetScale', message));
      this.api.writeStatus(TYPES.horizontalPodAutoscaler, hpa, { ...previous, conditions });
      return;
    }
    const scale = this.api.scaleOf(type, target);
    const currentReplicas = num(isJsonObject(scale.spec) ? scale.spec.replicas : undefined, 0);
    const min = num(spec.minReplicas, 1);
    const max = num(spec.maxReplicas, min);
    const pods = this.podUtilization(hpa, scale, currentReplicas);
    const utilization = typeof pods === 'string' ? undefined : pods.utilization;
    const cpu = cpuTarget(hpa);
    conditions = withCondition(
      conditions,
      condition(
        'AbleToScale',
        true,
        'SucceededGetScale',
        "the HPA controller was able to get the target's current scale",
      ),
    );
    let desired = currentReplicas;
    let currentMetrics: JsonObject[] | undefined;
    if (currentReplicas === 0 && min !== 0) {
      conditions = withCondition(
        conditions,
        condition(
          'ScalingActive',
          false,
          'ScalingDisabled',
          'scaling is disabled since the replica count of the target is zero',
        ),
      );
    } else if (typeof pods === 'string' || cpu === undefined) {
      const message = UNABLE_TO_COMPUTE + (typeof pods === 'string' ? pods : NO_METRICS_API);
      this.events.record(hpa, 'Warning', 'FailedGetResourceMetric', message, COMPONENT);
      conditions = withCondition(conditions, condition('ScalingActive', false, 'FailedGetResourceMetric', message));
      desired = clampReplicas(currentReplicas, min, max).replicas;
    } else {
      currentMetrics = [
        { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: pods.utilization } } },
      ];
      conditions = withCondition(
        conditions,
        condition(
          'ScalingActive',
          true,
          'ValidMetricFound',
          `the HPA was able to successfully calculate a replica count from ${CPU_METRIC}`,
        ),
      );
      const recommended = replicasForUtilization(currentReplicas, pods, cpu);
      const stabilized = stabilize(
        this.recommendations.get(hpa.metadata.uid!) ?? [],
        { at: now, replicas: recommended },
        currentReplicas,
        this.stabilizationMs,
      );
      this.recommendations.set(hpa.metadata.uid!, stabilized.history);
      const clamped = clampReplicas(stabilized.replicas, min, max);
      desired = clamped.replicas;
      conditions = withCondition(conditions, limitCondition(clamped.limit));
      conditions = withCondition(
        conditions,
        stabilized.replicas !== recommended
          ? condition(
              'AbleToScale',
              true,
              'ScaleDownStabilized',
              'recent recommendations were higher than current one, applying the highest recent recommendation',
            )
          : condition('AbleToScale', true, 'ReadyForNewScale', 'recommended size matches current size'),
      );
    }
    const status: JsonObject = {
      ...previous,
      currentReplicas,
      desiredReplicas: desired,
      ...(currentMetrics ? { currentMetrics } : {}),
      conditions,
    };
    if (!currentMetrics) delete status.currentMetrics;
    if (desired !== currentReplicas && this.rescale(hpa, type, target, desired)) {
      const reason =
        utilization === undefined || cpu === undefined
          ? `Current number of replicas ${currentReplicas > max ? 'above Spec.MaxReplicas' : 'below Spec.MinReplicas'}`
          : `${CPU_METRIC} ${desired > currentReplicas ? 'above' : 'below'} target`;
      this.events.record(hpa, 'Normal', 'SuccessfulRescale', `New size: ${desired}; reason: ${reason}`, COMPONENT);
      status.lastScaleTime = timestampOf(Date.now());
      status.conditions = withCondition(
        conditions,
        condition(
          'AbleToScale',
          true,
          'SucceededRescale',
          `the HPA controller was able to update the target scale to ${desired}`,
        ),
      );
    }
    this.api.writeStatus(TYPES.horizontalPodAutoscaler, hpa, status);
  }

  /**
   * What the metrics would say of the target's pods (selected by its scale's selector, terminating and
   * failed ones ignored), or why there is nothing to read. The simulated load is fixed in total: a
   * utilization set at N replicas spreads over the ready pods, so a scale-up brings it toward the
   * target once the new pods serve, as real load would.
   */
  private podUtilization(hpa: KubeObject, scale: KubeObject, replicas: number): PodUtilization | string {
    const load = this.load.get(`${hpa.metadata.namespace}/${hpa.metadata.name}`);
    if (!load) return NO_METRICS_API;
    let selector;
    try {
      selector = parseLabelSelector(String(isJsonObject(scale.status) ? (scale.status.selector ?? '') : ''));
    } catch (error) {
      if (!(error instanceof SelectorError)) throw error;
      return `couldn't convert selector into a corresponding internal selector object: ${error.message}`;
    }
    const pods = this.api.store
      .list(bucketOf(TYPES.pod), hpa.metadata.namespace)
      .filter((pod) => matchesLabels(selector, pod.metadata.labels))
      .filter((pod) => !pod.metadata.deletionTimestamp && pod.status?.phase !== 'Failed');
    const readyPods = pods.filter(isPodReady).length;
    if (readyPods === 0) return NO_READY_PODS;
    load.atReplicas ??= Math.max(1, replicas);
    const utilization = Math.floor((load.percent * load.atReplicas) / readyPods);
    return { utilization, readyPods, unreadyPods: pods.length - readyPods };
  }

  private rescale(hpa: KubeObject, type: ResourceType, target: KubeObject, replicas: number): boolean {
    try {
      this.api.update(
        type,
        target.metadata.namespace,
        target.metadata.name!,
        { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: target.metadata.name! }, spec: { replicas } },
        { fieldManager: 'kube-controller-manager' },
        'scale',
      );
      return true;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      this.events.record(hpa, 'Warning', 'FailedRescale', `New size: ${replicas}; error: ${error.message}`, COMPONENT);
      return false;
    }
  }
}

function limitCondition(limit: 'TooFewReplicas' | 'TooManyReplicas' | undefined): Condition {
  switch (limit) {
    case 'TooManyReplicas':
      return condition(
        'ScalingLimited',
        true,
        limit,
        'the desired replica count is more than the maximum replica count',
      );
    case 'TooFewReplicas':
      return condition(
        'ScalingLimited',
        true,
        limit,
        'the desired replica count is less than the minimum replica count',
      );
    case undefined:
      return condition(
        'ScalingLimited',
        false,
        'DesiredWithinRange',
        'the desired count is within the acceptable range',
      );
  }
}
