/**
 * The JSON stored by environments, pipelines and promotions. Every shape was validated at the API's
 * boundary before it was stored; readers trust it.
 */
import type {
  ApprovalPolicy,
  FreezeWindow,
  GateResult,
  PipelineStage,
  VerificationCheckSpec,
} from '@fleetplane/promotion';

/** A freeze window as @fleetplane/promotion reads it; its instants are stored as ISO-8601 strings. */
export type StoredFreezeWindow = FreezeWindow;

/** N distinct approvers holding at least a role in the team; each approval lapses after its TTL. */
export type StoredApprovalGate = ApprovalPolicy;

/** A check run against the target environment once its deployments succeeded, named for people. */
export type StoredVerificationCheck = VerificationCheckSpec & { name: string };

/** What a stage asks before (soak, approvals) and after (verification) deploying into it. */
export interface StoredStageGates {
  /** The release must have run healthy in the upstream environment this long, without a break. */
  soakSeconds?: number;
  approvals?: StoredApprovalGate;
  verification?: StoredVerificationCheck[];
  /** On a failed verification, deploy the environment's previous release again. */
  rollbackOnFailure?: boolean;
}

/** One stage of a pipeline (its graph is @fleetplane/promotion's) and its gates. */
export interface StoredPipelineStage extends PipelineStage {
  gates: StoredStageGates;
}

/** A gate's outcome with its evidence: what was measured, when, against what. */
export type StoredGateResult = GateResult;

/** An admin's written reason for going past a rule (a release never healthy upstream, a freeze). */
export interface StoredOverride {
  reason: string;
  by: string;
  at: string;
}
