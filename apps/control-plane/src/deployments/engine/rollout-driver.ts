import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { FLEETPLANE_CONFIG } from '@fleetplane/config';
import type { FleetplaneConfig } from '@fleetplane/config';
import { randomUUID } from 'node:crypto';
import { DeploymentRunner } from './deployment-runner';
import { DeploymentStore } from './deployment-store';
import { RolloutKicker } from './rollout-kicker';

const LEASE_MS = 15_000;
const HEARTBEAT_MS = 5_000;
const POLL_MS = 2_000;

/**
 * This replica's share of the rollout work: claims deployments nobody drives (lease in the row, claimed
 * with SKIP LOCKED), drives up to a bound at once, heart-beats each lease, and gives them up on shutdown
 * so another replica can continue at once.
 */
@Injectable()
export class RolloutDriver implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RolloutDriver.name);
  readonly holder = `driver-${randomUUID()}`;
  private readonly stopping = new AbortController();
  private readonly driving = new Map<string, Promise<void>>();
  private loop: Promise<void> | undefined;

  constructor(
    @Inject(FLEETPLANE_CONFIG) private readonly config: FleetplaneConfig,
    private readonly store: DeploymentStore,
    private readonly runner: DeploymentRunner,
    private readonly kicker: RolloutKicker,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.rollouts.enabled) this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    await this.loop;
    await Promise.allSettled(this.driving.values());
    await Promise.all([...this.driving.keys()].map((id) => this.store.release(id, this.holder).catch(() => undefined)));
  }

  private async run(): Promise<void> {
    while (!this.stopping.signal.aborted) {
      try {
        while (this.driving.size < this.config.rollouts.concurrentDeployments) {
          const id = await this.store.claim(this.holder, LEASE_MS);
          if (!id) break;
          this.driving.set(id, this.drive(id));
        }
      } catch (error) {
        this.logger.warn({ err: error }, 'claiming deployments failed');
      }
      await this.kicker.wait(POLL_MS, this.stopping.signal);
    }
  }

  private async drive(id: string): Promise<void> {
    const lost = new AbortController();
    const signal = AbortSignal.any([this.stopping.signal, lost.signal]);
    const heartbeat = setInterval(() => {
      this.store.heartbeat(id, this.holder, LEASE_MS).then(
        (held) => held || lost.abort(),
        (error: unknown) => this.logger.warn({ err: error, deployment: id }, 'lease heartbeat failed'),
      );
    }, HEARTBEAT_MS);
    try {
      await this.runner.drive(id, this.holder, signal);
    } catch (error) {
      this.logger.error({ err: error, deployment: id }, 'driving a deployment failed; it will be retried');
      await this.store.release(id, this.holder).catch(() => undefined);
    } finally {
      clearInterval(heartbeat);
      this.driving.delete(id);
      this.kicker.kick();
    }
  }
}
