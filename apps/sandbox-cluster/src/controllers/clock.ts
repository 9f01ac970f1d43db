/**
 * The time the time-driven controllers (CronJob schedules, HPA stabilization) act on: real time plus
 * an offset a test can move forward, so a schedule minutes away fires now without a minute-long wait.
 * Object timestamps stay on real time.
 */
export class ControllerClock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  get offsetSeconds(): number {
    return this.offsetMs / 1000;
  }

  /** Moves the clock forward; it never goes back, as schedules already fired must not fire again. */
  advance(seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError('the clock only moves forward');
    this.offsetMs += seconds * 1000;
  }
}

/** "2025-03-10T10:15:00Z", the second-precision form of Kubernetes timestamps. */
export function timestampOf(epochMs: number): string {
  return `${new Date(Math.floor(epochMs / 1000) * 1000).toISOString().slice(0, 19)}Z`;
}
