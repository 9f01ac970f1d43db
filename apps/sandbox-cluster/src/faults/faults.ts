/** Faults injected into one cluster at run time. Setting a fault merges into the active ones. */
export interface SandboxFault {
  /** Added to every request before it is handled. */
  latencyMs?: number;
  /** Uniform random extra latency in [0, jitterMs). */
  jitterMs?: number;
  /** Fraction (0..1) of requests answered with errorStatus instead of being handled. */
  errorRate?: number;
  errorStatus?: 500 | 429;
  /** Retry-After header (and Status details.retryAfterSeconds) on injected 429s. */
  retryAfterSeconds?: number;
  /** Stop listening: clients see connection refused until the outage is cleared. */
  outage?: boolean;
  /** Delay before each watch event is written. */
  slowWatchMs?: number;
  /** Every request is answered 401 Unauthorized, as with an expired token. */
  expiredToken?: boolean;
}

export type ActiveFaults = Required<
  Pick<
    SandboxFault,
    | 'latencyMs'
    | 'jitterMs'
    | 'errorRate'
    | 'errorStatus'
    | 'retryAfterSeconds'
    | 'outage'
    | 'slowWatchMs'
    | 'expiredToken'
  >
>;

export const NO_FAULTS: ActiveFaults = {
  latencyMs: 0,
  jitterMs: 0,
  errorRate: 0,
  errorStatus: 500,
  retryAfterSeconds: 1,
  outage: false,
  slowWatchMs: 0,
  expiredToken: false,
};

export function validateFault(fault: SandboxFault): string[] {
  const problems: string[] = [];
  const nonNegative = ['latencyMs', 'jitterMs', 'retryAfterSeconds', 'slowWatchMs'] as const;
  for (const key of nonNegative) {
    const value = fault[key];
    if (value !== undefined && (typeof value !== 'number' || value < 0 || !Number.isFinite(value)))
      problems.push(`${key} must be a non-negative number`);
  }
  if (
    fault.errorRate !== undefined &&
    (typeof fault.errorRate !== 'number' || fault.errorRate < 0 || fault.errorRate > 1)
  ) {
    problems.push('errorRate must be between 0 and 1');
  }
  if (fault.errorStatus !== undefined && fault.errorStatus !== 500 && fault.errorStatus !== 429)
    problems.push('errorStatus must be 500 or 429');
  for (const key of ['outage', 'expiredToken'] as const) {
    if (fault[key] !== undefined && typeof fault[key] !== 'boolean') problems.push(`${key} must be a boolean`);
  }
  return problems;
}

export function requestDelayMs(faults: ActiveFaults): number {
  return faults.latencyMs + (faults.jitterMs > 0 ? Math.random() * faults.jitterMs : 0);
}

export function shouldInjectError(faults: ActiveFaults): boolean {
  return faults.errorRate > 0 && Math.random() < faults.errorRate;
}
