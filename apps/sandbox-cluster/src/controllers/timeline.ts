/** How fast simulated pods move through their lifecycle. All durations in milliseconds. */
export interface Timeline {
  /** Pending (scheduled, ContainerCreating) until the containers run. */
  podStartMs: number;
  /** Running until the Ready condition turns True. */
  podReadyMs: number;
  /** How long a Job's pod runs before it succeeds. */
  jobRunMs: number;
  /**
   * How long a Job waits before replacing its first failed pod; the wait doubles with each further
   * failure, up to 10 minutes (the real Job controller's pod failure back-off starts at 10 s).
   */
  jobBackoffMs: number;
  /** Overrides every Deployment's spec.progressDeadlineSeconds when set (tests use short deadlines). */
  progressDeadlineMs?: number;
  /** How often each HorizontalPodAutoscaler is re-evaluated (the real controller's sync period is 15 s). */
  hpaSyncMs: number;
  /** Scale-down stabilization window of every HPA (the real default is 5 minutes). */
  hpaStabilizationMs: number;
}

export const DEFAULT_TIMELINE: Timeline = {
  podStartMs: 200,
  podReadyMs: 300,
  jobRunMs: 1000,
  jobBackoffMs: 10_000,
  hpaSyncMs: 15_000,
  hpaStabilizationMs: 30_000,
};

export interface ClusterCapacity {
  cpu: string;
  memory: string;
  pods: number;
}

export const DEFAULT_CAPACITY: ClusterCapacity = { cpu: '64', memory: '256Gi', pods: 1000 };
