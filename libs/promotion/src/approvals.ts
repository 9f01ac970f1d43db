import { FieldProblem } from './field-problem';
import { GateResult, gateResult } from './gate-result';

/** A team member's role, the same three the API's tokens carry. */
export type TeamRole = 'viewer' | 'operator' | 'admin';

const roleRank: Readonly<Record<TeamRole, number>> = { viewer: 0, operator: 1, admin: 2 };

/** `required` distinct approvers holding at least `minimumRole`; an approval counts for `ttlSeconds`. */
export interface ApprovalPolicy {
  required: number;
  minimumRole: 'operator' | 'admin';
  ttlSeconds: number;
}

/** One person's decision, with the role they held when they made it. */
export interface ApprovalDecision {
  approver: string;
  role: TeamRole;
  decision: 'approve' | 'decline';
  comment?: string;
  at: Date;
}

/** Why a decision is refused: the API answers the first two as 403 and the third as 409. */
export type ApprovalRefusalCode = 'requester-cannot-approve' | 'role-too-low' | 'already-approved';

export interface ApprovalRefusal {
  code: ApprovalRefusalCode;
  message: string;
}

/** Why a recorded decision did not count; kept in the evidence so a missing approval is explained. */
export type IgnoredBecause = 'requester' | 'role-too-low' | 'expired' | 'superseded';

export interface ApprovalEvidence {
  required: number;
  minimumRole: 'operator' | 'admin';
  ttlSeconds: number;
  requester: string;
  /** The approvals that count, each with when it stops counting. */
  approvedBy: { approver: string; role: TeamRole; at: string; expiresAt: string }[];
  declinedBy?: { approver: string; role: TeamRole; at: string; comment?: string };
  ignored: { approver: string; decision: 'approve' | 'decline'; at: string; because: IgnoredBecause }[];
}

export interface ApprovalContext {
  /** Who asked for the promotion; their own decisions never count. */
  requester: string;
  now: Date;
}

const MAX_REQUIRED_APPROVERS = 10;
const MAX_TTL_SECONDS = 30 * 24 * 60 * 60;

/** Problems of a policy, naming its fields under `field`: 1 to 10 approvers, a TTL from a minute to 30 days. */
export function validateApprovalPolicy(policy: ApprovalPolicy, field = 'approvals'): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!(Number.isInteger(policy.required) && policy.required >= 1 && policy.required <= MAX_REQUIRED_APPROVERS))
    problems.push({
      field: `${field}.required`,
      message: `must be a whole number from 1 to ${MAX_REQUIRED_APPROVERS}`,
    });
  if (!(Number.isInteger(policy.ttlSeconds) && policy.ttlSeconds >= 60 && policy.ttlSeconds <= MAX_TTL_SECONDS))
    problems.push({
      field: `${field}.ttlSeconds`,
      message: `must be a whole number of seconds from 60 to ${MAX_TTL_SECONDS}`,
    });
  return problems;
}

/**
 * Whether `approver` holding `role` may record `decision` now, or why not: the requester cannot decide on
 * their own promotion, a role below the policy's minimum cannot decide, and an approval still counting
 * cannot be given twice (an expired one can be renewed; changing one's mind to decline is allowed).
 */
export function checkApprover(
  policy: ApprovalPolicy,
  decisions: readonly ApprovalDecision[],
  candidate: { approver: string; role: TeamRole; decision: 'approve' | 'decline' },
  context: ApprovalContext,
): ApprovalRefusal | undefined {
  if (candidate.approver === context.requester)
    return {
      code: 'requester-cannot-approve',
      message: `${candidate.approver} requested this promotion and cannot decide on it`,
    };
  if (!holdsRole(candidate.role, policy.minimumRole))
    return {
      code: 'role-too-low',
      message: `deciding needs the ${policy.minimumRole} role; ${candidate.approver} is ${candidate.role}`,
    };
  const latest = latestDecisionOf(decisions, candidate.approver);
  if (candidate.decision === 'approve' && latest?.decision === 'approve' && !isExpired(latest, policy, context.now))
    return { code: 'already-approved', message: `${candidate.approver} already approved this promotion` };
  return undefined;
}

/**
 * The approval gate. Each person's latest decision is the one that counts, if they are not the requester,
 * held the minimum role, and (for an approval) it is younger than the TTL. A counted decline fails the gate
 * whatever its age: declining is a decision about this promotion, not a vote that lapses. Otherwise the gate
 * passes with `required` approvals and is pending with "n of m" before that.
 */
export function evaluateApprovals(
  policy: ApprovalPolicy,
  decisions: readonly ApprovalDecision[],
  context: ApprovalContext,
): GateResult<ApprovalEvidence> {
  const evidence: ApprovalEvidence = {
    required: policy.required,
    minimumRole: policy.minimumRole,
    ttlSeconds: policy.ttlSeconds,
    requester: context.requester,
    approvedBy: [],
    ignored: [],
  };
  const latestByApprover = new Map<string, ApprovalDecision>();
  for (const decision of byTime(decisions)) {
    const because = ignoredBecause(decision, policy, context);
    if (because) evidence.ignored.push(ignoredEntry(decision, because));
    else {
      const earlier = latestByApprover.get(decision.approver);
      if (earlier) evidence.ignored.push(ignoredEntry(earlier, 'superseded'));
      latestByApprover.set(decision.approver, decision);
    }
  }
  for (const decision of latestByApprover.values()) {
    if (decision.decision === 'decline') {
      evidence.declinedBy ??= declineEntry(decision);
    } else if (isExpired(decision, policy, context.now)) {
      evidence.ignored.push(ignoredEntry(decision, 'expired'));
    } else {
      evidence.approvedBy.push({
        approver: decision.approver,
        role: decision.role,
        at: decision.at.toISOString(),
        expiresAt: expiresAt(decision, policy).toISOString(),
      });
    }
  }
  return gateResult('approvals', statusOf(evidence), reasonOf(evidence), evidence, context.now);
}

function statusOf(evidence: ApprovalEvidence): 'passed' | 'pending' | 'failed' {
  if (evidence.declinedBy) return 'failed';
  return evidence.approvedBy.length >= evidence.required ? 'passed' : 'pending';
}

function reasonOf(evidence: ApprovalEvidence): string {
  const { declinedBy } = evidence;
  if (declinedBy) return `declined by ${declinedBy.approver}${declinedBy.comment ? `: "${declinedBy.comment}"` : ''}`;
  const count = `${Math.min(evidence.approvedBy.length, evidence.required)} of ${evidence.required} approvals`;
  return evidence.approvedBy.length >= evidence.required ? `approved (${count})` : `waiting for approvals (${count})`;
}

function ignoredBecause(
  decision: ApprovalDecision,
  policy: ApprovalPolicy,
  context: ApprovalContext,
): IgnoredBecause | undefined {
  if (decision.approver === context.requester) return 'requester';
  if (!holdsRole(decision.role, policy.minimumRole)) return 'role-too-low';
  return undefined;
}

function ignoredEntry(decision: ApprovalDecision, because: IgnoredBecause): ApprovalEvidence['ignored'][number] {
  return { approver: decision.approver, decision: decision.decision, at: decision.at.toISOString(), because };
}

function declineEntry(decision: ApprovalDecision): NonNullable<ApprovalEvidence['declinedBy']> {
  return {
    approver: decision.approver,
    role: decision.role,
    at: decision.at.toISOString(),
    ...(decision.comment !== undefined && { comment: decision.comment }),
  };
}

function holdsRole(role: TeamRole, minimum: TeamRole): boolean {
  return roleRank[role] >= roleRank[minimum];
}

function expiresAt(decision: ApprovalDecision, policy: ApprovalPolicy): Date {
  return new Date(decision.at.getTime() + policy.ttlSeconds * 1000);
}

/** An approval counts up to, not including, the instant its TTL ends. */
function isExpired(decision: ApprovalDecision, policy: ApprovalPolicy, now: Date): boolean {
  return expiresAt(decision, policy) <= now;
}

function latestDecisionOf(decisions: readonly ApprovalDecision[], approver: string): ApprovalDecision | undefined {
  return byTime(decisions.filter((decision) => decision.approver === approver)).at(-1);
}

function byTime(decisions: readonly ApprovalDecision[]): ApprovalDecision[] {
  return [...decisions].sort((a, b) => a.at.getTime() - b.at.getTime());
}
