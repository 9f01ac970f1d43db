import type { ApprovalDecision, ApprovalPolicy } from '../approvals';

/** Two operators, approvals counting for an hour. */
export function anApprovalPolicy(overrides: Partial<ApprovalPolicy> = {}): ApprovalPolicy {
  return { required: 2, minimumRole: 'operator', ttlSeconds: 3600, ...overrides };
}

/** An operator's approval at `at`. */
export function anApproval(approver: string, at: string, overrides: Partial<ApprovalDecision> = {}): ApprovalDecision {
  return { approver, role: 'operator', decision: 'approve', at: new Date(at), ...overrides };
}
