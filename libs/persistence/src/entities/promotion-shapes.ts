/**
 * The JSON stored by environments, pipelines and promotions. Every shape was validated at the API's
 * boundary before it was stored; readers trust it.
 */

/** A freeze: a recurring window (cron in a time zone, lasting `durationMinutes`) or a one-off interval. */
export type StoredFreezeWindow =
  | { name: string; kind: 'recurring'; cron: string; timeZone: string; durationMinutes: number; effect: FreezeEffect }
  | { name: string; kind: 'once'; from: string; until: string; effect: FreezeEffect };

/** `deny` freezes the environment; `allow` opens it inside a deny (deny wins where both hold). */
export type FreezeEffect = 'deny' | 'allow';

/** N distinct approvers holding at least `role` in the team, within `ttlSeconds` of the request. */
export interface StoredApprovalGate {
  count: number;
  role: 'operator' | 'admin';
  ttlSeconds: number;
}

/** A check run against the target environment once its deployments succeeded. */
export type StoredVerificationCheck =
  | {
      type: 'http';
      name: string;
      url: string;
      expectStatus: number;
      bodyMatches?: string;
      attempts: number;
      intervalSeconds: number;
    }
  | {
      type: 'metrics';
      name: string;
      prometheusUrl: string;
      query: string;
      comparator: '<' | '<=' | '>' | '>=';
      threshold: number;
    };

/** What a stage asks before (soak, approvals) and after (verification) deploying into it. */
export interface StoredStageGates {
  /** The release must have run healthy in the upstream environment this long, without a break. */
  soakSeconds?: number;
  approvals?: StoredApprovalGate;
  verification?: StoredVerificationCheck[];
  /** On a failed verification, deploy the environment's previous release again. */
  rollbackOnFailure?: boolean;
}

/** One stage of a pipeline: an environment, the stages it takes releases from, and its gates. */
export interface StoredPipelineStage {
  environment: string;
  /** Upstream environments; empty for the first stage. */
  upstreams: string[];
  /** `any`: a release verified in one upstream suffices; `all`: it must be in every upstream. */
  accept: 'any' | 'all';
  autoPromote: boolean;
  gates: StoredStageGates;
}

/** A gate's outcome with its evidence: what was measured, when, against what. */
export interface StoredGateResult {
  gate: string;
  passed: boolean;
  /** Still undecided (an approval not yet given, a soak not yet long enough). */
  pending?: boolean;
  summary: string;
  evidence: Record<string, string | number | boolean | null>;
  checkedAt: string;
}

/** An admin's written reason for going past a rule (a release never healthy upstream, a freeze). */
export interface StoredOverride {
  reason: string;
  by: string;
  at: string;
}
