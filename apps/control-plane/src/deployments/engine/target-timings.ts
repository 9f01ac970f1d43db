import type { TargetState } from '@fleetplane/fanout';
import type { TargetProgress } from './target-writes';

const SETTLED_TARGET_STATES: readonly TargetState[] = ['Ready', 'Failed', 'Skipped', 'RolledBack', 'RollbackFailed'];

/**
 * The timing columns a move into `to` sets, stored with the move itself: applying starts a new attempt
 * (a retry clears the last one's later steps), and rolling back unsettles the target until it settles again.
 */
export function timingsOnEntering(to: TargetState, at: Date): Partial<TargetProgress> {
  if (to === 'Applying') return { applyingAt: at, waitingReadyAt: null, finishedAt: null };
  if (to === 'WaitingReady') return { waitingReadyAt: at };
  if (to === 'RollingBack') return { finishedAt: null };
  return SETTLED_TARGET_STATES.includes(to) ? { finishedAt: at } : {};
}
