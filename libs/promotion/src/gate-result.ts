/**
 * passed: the gate lets the promotion through. pending: not yet (a soak still running, approvals missing, a
 * freeze in force); asking again later may pass. failed: the gate refuses for good (a declined approval, a
 * verification check that failed after its retries).
 */
export type GateStatus = 'passed' | 'pending' | 'failed';

/**
 * What one gate decided and why, with the evidence it decided on. Every field is JSON as it is (times as
 * ISO-8601 strings, durations in seconds), so the control plane stores the result and answers it unchanged.
 */
export interface GateResult<Evidence extends object = object> {
  /** Which gate: `freeze`, `soak`, `approvals`, `http`, `metrics`. */
  gate: string;
  status: GateStatus;
  /** One sentence for people: why the gate passed, waits or refuses. */
  reason: string;
  /** What was measured, when, and against what; its shape is the gate's own. */
  evidence: Evidence;
  /** When the gate was evaluated (ISO-8601). */
  evaluatedAt: string;
}

/** Builds a result, stamping the evaluation time from the clock the caller evaluated with. */
export function gateResult<Evidence extends object>(
  gate: string,
  status: GateStatus,
  reason: string,
  evidence: Evidence,
  evaluatedAt: Date,
): GateResult<Evidence> {
  return { gate, status, reason, evidence, evaluatedAt: evaluatedAt.toISOString() };
}

/** Whole seconds left until `until`, rounded up so a pending gate never reports 0 seconds to go. */
export function secondsUntil(until: Date, now: Date): number {
  return Math.max(0, Math.ceil((until.getTime() - now.getTime()) / 1000));
}
