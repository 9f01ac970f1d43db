import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { FLEETPLANE_CONFIG } from '@fleetplane/config';
import type { FleetplaneConfig } from '@fleetplane/config';
import { ClaimLoop } from '@fleetplane/persistence';
import { PromotionKicker } from './promotion-kicker';
import { PromotionRunner } from './promotion-runner';
import { PromotionStore } from './promotion-store';

const LEASE_MS = 15_000;
const HEARTBEAT_MS = 5_000;
const POLL_MS = 2_000;
/** Promotions driven at once by one replica; each mostly waits on its deployments. */
const CONCURRENT_PROMOTIONS = 16;

/**
 * This replica's share of the promotions: claims the ones nobody drives (lease in the row, claimed with
 * SKIP LOCKED), heart-beats each lease, and gives them up on shutdown so another replica continues at once.
 * It runs wherever the rollout driver runs, since a promotion only moves through its deployments.
 */
@Injectable()
export class PromotionDriver implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PromotionDriver.name);
  private readonly loop: ClaimLoop;

  constructor(
    @Inject(FLEETPLANE_CONFIG) private readonly config: FleetplaneConfig,
    store: PromotionStore,
    runner: PromotionRunner,
    kicker: PromotionKicker,
  ) {
    this.loop = new ClaimLoop(store, kicker, {
      holderPrefix: 'promoter',
      leaseMs: LEASE_MS,
      heartbeatMs: HEARTBEAT_MS,
      concurrency: CONCURRENT_PROMOTIONS,
      pollMs: POLL_MS,
      work: (id, holder, signal) => runner.drive(id, holder, signal),
      onClaimFailed: (error) => this.logger.warn({ err: error }, 'claiming promotions failed'),
      onWorkFailed: (id, error) =>
        this.logger.error({ err: error, promotion: id }, 'driving a promotion failed; it will be retried'),
      onLeaseError: (id, error) => this.logger.warn({ err: error, promotion: id }, 'lease heartbeat or release failed'),
    });
  }

  onApplicationBootstrap(): void {
    if (this.config.rollouts.enabled) this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }
}
