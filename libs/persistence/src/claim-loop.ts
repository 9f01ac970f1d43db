import { randomUUID } from 'node:crypto';
import { withHeartbeat } from './heartbeat';
import { Wakeup } from './wakeup';

/** Leases in rows of work (deployments, say), claimed one at a time with `FOR UPDATE SKIP LOCKED`. */
export interface RowLeases {
  /** Claims one row that needs work and nobody holds; undefined when there is none. */
  claim(holder: string, leaseMs: number): Promise<string | undefined>;
  /** Renews the lease on `id`; false when another holder has taken it over. */
  heartbeat(id: string, holder: string, leaseMs: number): Promise<boolean>;
  release(id: string, holder: string): Promise<void>;
}

export interface ClaimLoopOptions {
  /** Prefixes the holder's name (a random id follows). */
  holderPrefix: string;
  leaseMs: number;
  heartbeatMs: number;
  /** Rows worked on at once; no claim is made beyond it. */
  concurrency: number;
  /** The longest pause between claims; {@link ClaimLoop.wakeup} ends it sooner. */
  pollMs: number;
  work(id: string, holder: string, signal: AbortSignal): Promise<void>;
  /** A claim that threw; the loop claims again at its next turn. */
  onClaimFailed(error: unknown): void;
  /** A row's work that threw; its lease was released, so it is claimed again (here or elsewhere). */
  onWorkFailed(id: string, error: unknown): void;
  /** Renewing or releasing a row's lease failed; the work goes on. */
  onLeaseError(id: string, error: unknown): void;
}

/**
 * This replica's share of work spread over rows: claims rows up to `concurrency`, works on each
 * concurrently while renewing its lease, and claims again at once when a row's work ends, when
 * `wakeup` is woken, or after `pollMs`.
 *
 * - A renewal that finds a row's lease lost aborts that row's signal alone; the others go on.
 * - Work that throws is reported through `onWorkFailed` and its lease released, so it is retried.
 * - Work that returns leaves the lease as the work left it: the work clears it when the row needs no
 *   more work, and it expires otherwise.
 * - {@link stop} stops claiming, aborts every row's signal, waits for the work to end, and releases
 *   every lease still held (in `finally`), so another replica can continue at once.
 */
export class ClaimLoop {
  readonly holder: string;
  private readonly stopping = new AbortController();
  private readonly working = new Map<string, Promise<void>>();
  private running: Promise<void> | undefined;

  constructor(
    private readonly rows: RowLeases,
    readonly wakeup: Wakeup,
    private readonly options: ClaimLoopOptions,
  ) {
    this.holder = `${options.holderPrefix}-${randomUUID()}`;
  }

  start(): void {
    this.running ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
    await Promise.allSettled(this.working.values());
  }

  private async run(): Promise<void> {
    while (!this.stopping.signal.aborted) {
      try {
        await this.claimUpToBound();
      } catch (error) {
        this.options.onClaimFailed(error);
      }
      await this.wakeup.wait(this.options.pollMs, this.stopping.signal);
    }
  }

  private async claimUpToBound(): Promise<void> {
    const { concurrency, leaseMs } = this.options;
    while (this.working.size < concurrency && !this.stopping.signal.aborted) {
      const id = await this.rows.claim(this.holder, leaseMs);
      if (!id) return;
      this.working.set(id, this.workOn(id));
    }
  }

  private async workOn(id: string): Promise<void> {
    const { leaseMs, heartbeatMs, work } = this.options;
    const heartbeat = {
      lease: id,
      renew: () => this.rows.heartbeat(id, this.holder, leaseMs),
      everyMs: heartbeatMs,
      onError: (error: unknown) => this.options.onLeaseError(id, error),
    };
    let failed = false;
    try {
      await withHeartbeat(heartbeat, this.stopping.signal, (signal) => work(id, this.holder, signal));
    } catch (error) {
      failed = true;
      this.options.onWorkFailed(id, error);
    } finally {
      if (failed || this.stopping.signal.aborted)
        await this.rows.release(id, this.holder).catch((error: unknown) => this.options.onLeaseError(id, error));
      this.working.delete(id);
      this.wakeup.wake();
    }
  }
}
