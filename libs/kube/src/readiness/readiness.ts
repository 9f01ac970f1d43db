export type ReadinessState = 'Ready' | 'Progressing' | 'Failed';

export interface Readiness {
  state: ReadinessState;
  /** Machine-readable cause, e.g. `StaleStatus`, `ProgressDeadlineExceeded`, `JobFailed`. */
  reason: string;
  /** For people: the kubectl-style progress line or the Kubernetes condition message. */
  message: string;
}

export interface ReadinessInput {
  /** `metadata.generation` of the object the apply returned; status older than this is stale. */
  appliedGeneration: number;
  /** Epoch milliseconds of the apply and of this evaluation, for the control plane's own progress deadline. */
  appliedAt?: number;
  now?: number;
  /** Still not ready this long after the apply counts as failed. */
  progressDeadlineSeconds?: number;
}

export const ready = (reason: string, message: string): Readiness => ({ state: 'Ready', reason, message });
export const progressing = (reason: string, message: string): Readiness => ({ state: 'Progressing', reason, message });
export const failed = (reason: string, message: string): Readiness => ({ state: 'Failed', reason, message });
