import { randomUUID } from 'node:crypto';
import { withHeartbeat } from './heartbeat';
import { Leases } from './leases';
import { Wakeup } from './wakeup';

export interface LeasedLoopOptions {
  /** The named lease (see {@link Leases}) that lets one replica at a time do a round. */
  lease: string;
  /** The pause after a round (or after failing to get the lease) before the next try. */
  intervalMs: number;
  /** How long the lease outlives its last renewal; renewed every third of it while a round runs. */
  leaseMs: number;
  /** Pause one interval before the first round too, rather than doing one at start-up. */
  pauseFirst?: boolean;
  round(signal: AbortSignal): Promise<void>;
  /** A round that threw; the loop goes on. */
  onRoundFailed(error: unknown): void;
  /** Renewing or releasing the lease failed; the loop goes on. */
  onLeaseError(error: unknown): void;
}

/**
 * Background rounds that one replica at a time does, under a named lease. Each turn acquires (or renews)
 * the lease and, when this replica holds it, runs a round; then it pauses `intervalMs` or until
 * {@link wake}. The lease is kept between rounds, so the replica holding it keeps doing them and the
 * interval holds across replicas.
 *
 * - A round that throws is reported through `onRoundFailed` (unless it threw because the loop stops);
 *   the loop goes on at the next interval.
 * - While a round runs the lease is renewed; a renewal that finds it lost aborts the round's signal.
 * - {@link stop} aborts the running round's signal, waits for the round to end, and then releases
 *   the lease (in `finally`), so another replica need not wait for it to expire.
 */
export class LeasedLoop {
  readonly holder: string;
  private readonly stopping = new AbortController();
  private readonly wakeup = new Wakeup();
  private running: Promise<void> | undefined;

  constructor(
    private readonly leases: Leases,
    private readonly options: LeasedLoopOptions,
  ) {
    this.holder = `${options.lease}-${randomUUID()}`;
  }

  /** Aborted once {@link stop} is called: work run outside the loop can end with it. */
  get stopSignal(): AbortSignal {
    return this.stopping.signal;
  }

  start(): void {
    this.running ??= this.run();
  }

  /** Ends the pause at once: the next round starts now (if this replica gets the lease). */
  wake(): void {
    this.wakeup.wake();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
  }

  private async run(): Promise<void> {
    const { lease, intervalMs, pauseFirst } = this.options;
    try {
      if (pauseFirst) await this.wakeup.wait(intervalMs, this.stopping.signal);
      while (!this.stopping.signal.aborted) {
        await this.turn();
        await this.wakeup.wait(intervalMs, this.stopping.signal);
      }
    } finally {
      await this.leases.release(lease, this.holder).catch((error: unknown) => this.options.onLeaseError(error));
    }
  }

  private async turn(): Promise<void> {
    const { lease, leaseMs, round } = this.options;
    const renew = () => this.leases.acquire(lease, this.holder, leaseMs);
    try {
      if (!(await renew())) return;
      const heartbeat = { lease, renew, everyMs: leaseMs / 3, onError: this.options.onLeaseError };
      await withHeartbeat(heartbeat, this.stopping.signal, round);
    } catch (error) {
      if (!this.stopping.signal.aborted) this.options.onRoundFailed(error);
    }
  }
}
