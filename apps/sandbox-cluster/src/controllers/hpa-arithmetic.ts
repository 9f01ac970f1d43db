/** Within this fraction of the target, the HPA controller leaves the replica count alone (its default). */
export const HPA_TOLERANCE = 0.1;

export type ScalingLimit = 'TooFewReplicas' | 'TooManyReplicas' | undefined;

export interface Recommendation {
  at: number;
  replicas: number;
}

/** desired = ceil(current * utilization / target), unless the ratio is within the tolerance. */
export function replicasForUtilization(current: number, utilizationPercent: number, targetPercent: number): number {
  const ratio = utilizationPercent / targetPercent;
  if (Math.abs(1 - ratio) <= HPA_TOLERANCE) return current;
  return Math.ceil(current * ratio);
}

/**
 * Scale-down stabilization: the highest recommendation within the window (the new one included), so
 * a brief dip does not scale down; scale-ups apply at once. Returns the value and the window's history.
 */
export function stabilize(
  history: Recommendation[],
  next: Recommendation,
  windowMs: number,
): { replicas: number; history: Recommendation[] } {
  const kept = [...history.filter((entry) => entry.at > next.at - windowMs), next];
  return { replicas: Math.max(...kept.map((entry) => entry.replicas)), history: kept };
}

/** Clamps to [min, max], saying which bound applied. */
export function clampReplicas(desired: number, min: number, max: number): { replicas: number; limit: ScalingLimit } {
  if (desired > max) return { replicas: max, limit: 'TooManyReplicas' };
  if (desired < min) return { replicas: min, limit: 'TooFewReplicas' };
  return { replicas: desired, limit: undefined };
}
