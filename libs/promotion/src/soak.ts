import { FieldProblem } from './field-problem';
import { GateResult, gateResult, secondsUntil } from './gate-result';

/**
 * What happened to a release in an environment, in any order. `health` is a health observation that holds
 * from `at` on; `failure` is a break that does not necessarily change health (a container restart, a failed
 * probe, a failed rollout step): the release may still be healthy after it, but not without a break.
 */
export type HealthEvent =
  { kind: 'health'; at: Date; healthy: boolean } | { kind: 'failure'; at: Date; detail?: string };

export interface SoakEvidence {
  /** Since when the release has run healthy without a break; null when it is not healthy now. */
  healthySince: string | null;
  /** The instant the soak was measured at. */
  measuredAt: string;
  requiredSeconds: number;
  healthySeconds: number;
  remainingSeconds: number;
  /** The last event that restarted the clock, if any did. */
  lastBreak?: { kind: 'failure' | 'unhealthy'; at: string; detail?: string };
}

const MAX_SOAK_SECONDS = 30 * 24 * 60 * 60;

/** Problems of a soak duration, naming `field`: a whole number of seconds from 1 to 30 days. */
export function validateSoakDuration(requiredSeconds: number, field = 'soak.durationSeconds'): FieldProblem[] {
  return Number.isInteger(requiredSeconds) && requiredSeconds >= 1 && requiredSeconds <= MAX_SOAK_SECONDS
    ? []
    : [{ field, message: `must be a whole number of seconds from 1 to ${MAX_SOAK_SECONDS}` }];
}

/**
 * The soak gate: passed once the release has run healthy without a break for `requiredSeconds` up to `now`,
 * pending otherwise with the seconds still to go (all of them while it is not healthy). A failure, or a move
 * to unhealthy and back, restarts the clock; repeated healthy observations do not. Events after `now` are not
 * yet known and are ignored.
 */
export function evaluateSoak(
  history: readonly HealthEvent[],
  requiredSeconds: number,
  now: Date,
): GateResult<SoakEvidence> {
  const { healthySince, lastBreak } = healthyStretch(history, now);
  const healthySeconds = healthySince ? Math.floor((now.getTime() - healthySince.getTime()) / 1000) : 0;
  const remainingSeconds = healthySince
    ? secondsUntil(new Date(healthySince.getTime() + requiredSeconds * 1000), now)
    : requiredSeconds;
  const evidence: SoakEvidence = {
    healthySince: healthySince?.toISOString() ?? null,
    measuredAt: now.toISOString(),
    requiredSeconds,
    healthySeconds,
    remainingSeconds,
    ...(lastBreak && { lastBreak }),
  };
  if (!healthySince)
    return gateResult('soak', 'pending', 'the release is not healthy in this environment', evidence, now);
  if (remainingSeconds === 0)
    return gateResult(
      'soak',
      'passed',
      `healthy without a break for ${healthySeconds}s (${requiredSeconds}s required)`,
      evidence,
      now,
    );
  return gateResult(
    'soak',
    'pending',
    `healthy for ${healthySeconds}s of ${requiredSeconds}s; ${remainingSeconds}s to go`,
    evidence,
    now,
  );
}

function healthyStretch(
  history: readonly HealthEvent[],
  now: Date,
): { healthySince?: Date; lastBreak?: SoakEvidence['lastBreak'] } {
  const known = history.filter((event) => event.at <= now).sort((a, b) => a.at.getTime() - b.at.getTime());
  let healthySince: Date | undefined;
  let lastBreak: SoakEvidence['lastBreak'];
  for (const event of known) {
    if (event.kind === 'failure') {
      lastBreak = {
        kind: 'failure',
        at: event.at.toISOString(),
        ...(event.detail !== undefined && { detail: event.detail }),
      };
      // Still healthy after a failure that did not change health: the clock restarts at the failure.
      if (healthySince) healthySince = event.at;
    } else if (!event.healthy) {
      lastBreak = { kind: 'unhealthy', at: event.at.toISOString() };
      healthySince = undefined;
    } else healthySince ??= event.at;
  }
  return { healthySince, lastBreak };
}
