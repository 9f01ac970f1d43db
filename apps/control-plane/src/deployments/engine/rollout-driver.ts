import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { FLEETPLANE_CONFIG } from '@fleetplane/config';
import type { FleetplaneConfig } from '@fleetplane/config';
import { ClaimLoop } from '@fleetplane/persistence';
import { DeploymentRunner } from './deployment-runner';
import { DeploymentStore } from './deployment-store';
import { RolloutKicker } from './rollout-kicker';

const LEASE_MS = 15_000;
const HEARTBEAT_MS = 5_000;
const POLL_MS = 2_000;

/**
 * This replica's share of the rollout work: claims deployments nobody drives (lease in the row, claimed
 * with SKIP LOCKED), drives up to a bound at once, heart-beats each lease, and gives them up on shutdown
 * so another replica can continue at once (see {@link ClaimLoop}).
 */
@Injectable()
export class RolloutDriver implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RolloutDriver.name);
  private readonly loop: ClaimLoop;

  constructor(
    @Inject(FLEETPLANE_CONFIG) private readonly config: FleetplaneConfig,
    store: DeploymentStore,
    runner: DeploymentRunner,
    kicker: RolloutKicker,
  ) {
    this.loop = new ClaimLoop(store, kicker, {
      holderPrefix: 'driver',
      leaseMs: LEASE_MS,
      heartbeatMs: HEARTBEAT_MS,
      concurrency: config.rollouts.concurrentDeployments,
      pollMs: POLL_MS,
      work: (id, holder, signal) => runner.drive(id, holder, signal),
      onClaimFailed: (error) => this.logger.warn({ err: error }, 'claiming deployments failed'),
      onWorkFailed: (id, error) =>
        this.logger.error({ err: error, deployment: id }, 'driving a deployment failed; it will be retried'),
      onLeaseError: (id, error) =>
        this.logger.warn({ err: error, deployment: id }, 'lease heartbeat or release failed'),
    });
  }

  onApplicationBootstrap(): void {
    if (this.config.rollouts.enabled) this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }
}
