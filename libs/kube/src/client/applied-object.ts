import { Readiness } from '../readiness/readiness';
import { ObjectRef } from './object-ref';

/** One object as a server-side apply left it: what readiness must compare against, and when it happened. */
export interface AppliedObject extends ObjectRef {
  uid: string;
  /**
   * `metadata.generation` the apply produced; readiness compares `status.observedGeneration` with this,
   * never with a status read before the apply. Absent for kinds whose API tracks no generation.
   */
  generation?: number;
  resourceVersion: string;
  /** Epoch milliseconds of the apply response, for the control plane's progress deadline. */
  appliedAt: number;
  /**
   * Readiness evaluated on the apply response itself: a read taken after the apply, so already fresh.
   * Objects Ready here (a ConfigMap, an unchanged Deployment) need no further request to be confirmed.
   */
  readinessAtApply: Readiness;
}
