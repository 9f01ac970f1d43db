import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { FLEETPLANE_CONFIG } from '@fleetplane/config';
import type { FleetplaneConfig } from '@fleetplane/config';
import { ClaimLoop } from '@fleetplane/persistence';
import { PromotionOutbox } from './promotion-outbox';
import { WebhookDeliveries } from './webhook-deliveries';

const LEASE_MS = 15_000;
const HEARTBEAT_MS = 5_000;
const POLL_MS = 2_000;
/** Deliveries sent at once by one replica; each mostly waits on a receiver or a back-off. */
const CONCURRENT_DELIVERIES = 8;

/**
 * This replica's share of the webhook outbox, run where promotions are driven: claims pending deliveries,
 * heart-beats each lease while its retries run, and gives them up on shutdown so another replica sends them.
 */
@Injectable()
export class WebhookSender implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WebhookSender.name);
  private readonly loop: ClaimLoop;

  constructor(
    @Inject(FLEETPLANE_CONFIG) private readonly config: FleetplaneConfig,
    deliveries: WebhookDeliveries,
    outbox: PromotionOutbox,
  ) {
    this.loop = new ClaimLoop(deliveries, outbox, {
      holderPrefix: 'webhooks',
      leaseMs: LEASE_MS,
      heartbeatMs: HEARTBEAT_MS,
      concurrency: CONCURRENT_DELIVERIES,
      pollMs: POLL_MS,
      work: (id, holder, signal) => deliveries.deliver(id, holder, signal),
      onClaimFailed: (error) => this.logger.warn({ err: error }, 'claiming webhook deliveries failed'),
      onWorkFailed: (id, error) =>
        this.logger.error({ err: error, delivery: id }, 'sending a webhook failed; it will be retried'),
      onLeaseError: (id, error) => this.logger.warn({ err: error, delivery: id }, 'lease heartbeat or release failed'),
    });
  }

  onApplicationBootstrap(): void {
    if (this.config.rollouts.enabled) this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }
}
