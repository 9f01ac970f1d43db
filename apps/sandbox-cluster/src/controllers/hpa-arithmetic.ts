/** Within this fraction of the target, the HPA controller leaves the replica count alone (its default). */
export const HPA_TOLERANCE = 0.1;

export type ScalingLimit = 'TooFewReplicas' | 'TooManyReplicas' | undefined;

export interface Recommendation {
  at: number;
  replicas: number;
}

/** What the HPA reads of its target's pods: the ready ones report the metric, the others not yet. */
export interface PodUtilization {
  /** Average utilization of the ready pods, in whole percent of their request. */
  utilization: number;
  readyPods: number;
  /** Pods that are pending or not ready: their CPU samples are not counted. */
  unreadyPods: number;
}

/**
 * The real controller's replica calculator for a resource metric: ceil(ready * utilization / target),
 * unless within the tolerance. On a scale-up while some pods are unready, those count as using nothing,
 * and a result within the tolerance, or one that turns the direction, keeps the current count, so a
 * scale-up is not repeated before the pods it added serve.
 */
export function replicasForUtilization(current: number, pods: PodUtilization, targetPercent: number): number {
  const ratio = pods.utilization / targetPercent;
  if (pods.unreadyPods === 0 || ratio <= 1) {
    return Math.abs(1 - ratio) <= HPA_TOLERANCE ? current : Math.ceil(ratio * pods.readyPods);
  }
  const counted = pods.readyPods + pods.unreadyPods;
  const dampened = Math.floor((pods.utilization * pods.readyPods) / counted) / targetPercent;
  if (Math.abs(1 - dampened) <= HPA_TOLERANCE || dampened < 1) return current;
  return Math.max(current, Math.ceil(dampened * counted));
}

/**
 * Scale-down stabilization as the real controller does it: a recommendation below the current count
 * is raised to the highest one within the window (the new one included), but never above the current
 * count, so a brief dip neither scales down nor up; scale-ups apply at once. Returns the value and
 * the window's history.
 */
export function stabilize(
  history: Recommendation[],
  next: Recommendation,
  current: number,
  windowMs: number,
): { replicas: number; history: Recommendation[] } {
  const kept = [...history.filter((entry) => entry.at > next.at - windowMs), next];
  const highest = Math.max(...kept.map((entry) => entry.replicas));
  return { replicas: next.replicas >= current ? next.replicas : Math.min(current, highest), history: kept };
}

/** Clamps to [min, max], saying which bound applied. */
export function clampReplicas(desired: number, min: number, max: number): { replicas: number; limit: ScalingLimit } {
  if (desired > max) return { replicas: max, limit: 'TooManyReplicas' };
  if (desired < min) return { replicas: min, limit: 'TooFewReplicas' };
  return { replicas: desired, limit: undefined };
}
