import { RolloutPlan } from './rollout-strategy';
import { DeploymentState, TargetState } from './rollout-states';

export interface TargetSnapshot {
  clusterId: string;
  state: TargetState;
  /** Epoch milliseconds at which the target entered `state`. */
  since: number;
}

/** Everything `decideNext` reads: the persisted rollout as the engine last committed it. */
export interface DeploymentSnapshot {
  state: DeploymentState;
  plan: RolloutPlan;
  targets: readonly TargetSnapshot[];
  /** Indexes of waves an operator approved to start (for waves behind an approval gate). */
  approvedWaves: readonly number[];
  cancelRequested: boolean;
  /** Epoch milliseconds; passed in so the decision stays pure. */
  now: number;
}

export type FinalState = 'Succeeded' | 'PartiallyFailed' | 'Failed' | 'RolledBack' | 'Cancelled';

/** The single next step the engine should take; it persists the step's transitions, then asks again. */
export type RolloutDecision =
  /** Move the deployment from Pending to Progressing. */
  | { type: 'Start' }
  /** Move these Pending targets to Applying and apply them. */
  | { type: 'ApplyTargets'; waveIndex: number; clusterIds: string[] }
  /** Nothing to start now; ask again when a target changes state, or at `until`. */
  | {
      type: 'Wait';
      reason: 'TargetsInFlight' | 'PausedByUser' | 'PauseBetweenWaves' | 'RollbackInFlight';
      until?: number;
    }
  /** The next wave needs an operator's approval (add its index to approvedWaves). */
  | { type: 'AwaitApproval'; waveIndex: number }
  /** A wave breached its failure threshold (or maxUnavailableClusters): mark these Pending targets Skipped. */
  | { type: 'HaltWave'; waveIndex: number; reason: string; failedClusterIds: string[]; skipClusterIds: string[] }
  /** Mark these Pending targets Skipped because the rollout was cancelled. */
  | { type: 'SkipTargets'; clusterIds: string[]; reason: string }
  /** Move the deployment to RollingBack. */
  | { type: 'StartRollback'; reason: string }
  /** Move these targets to RollingBack and restore what they ran before. */
  | { type: 'RollbackTargets'; clusterIds: string[] }
  /** Move the deployment to its final state. */
  | { type: 'Finish'; state: FinalState; reason: string }
  /** The deployment already is in a final state. */
  | { type: 'None' };
