import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { FLEETPLANE_CONFIG } from '@fleetplane/config';
import type { FleetplaneConfig } from '@fleetplane/config';
import { ClusterEntity, LeasedLoop, Leases } from '@fleetplane/persistence';
import { CloudProviders } from '@fleetplane/providers';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { ClusterCredentials } from '../cluster-credentials';
import { ClusterHealthService } from './cluster-health.service';
import { ProbeResult, probeCluster } from './probe-cluster';

/**
 * Probes every cluster in rounds, in the background. One replica probes at a time (a row lease); probes
 * run concurrently up to a bound, start with jitter so a fleet is not hit in lock-step, and each has its
 * own timeout, so one hanging cluster never delays the others. Nothing here blocks an API request.
 * The rounds run in a {@link LeasedLoop}.
 */
@Injectable()
export class HealthProber implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(HealthProber.name);
  private readonly loop: LeasedLoop;

  constructor(
    @Inject(FLEETPLANE_CONFIG) private readonly config: FleetplaneConfig,
    private readonly dataSource: DataSource,
    leases: Leases,
    private readonly providers: CloudProviders,
    private readonly credentials: ClusterCredentials,
    private readonly health: ClusterHealthService,
  ) {
    const { intervalMs } = config.health;
    this.loop = new LeasedLoop(leases, {
      lease: 'cluster-health-prober',
      intervalMs,
      leaseMs: intervalMs * 3,
      round: async (signal) => void (await this.probeAll(config.health.concurrency, signal)),
      onRoundFailed: (error) => this.logger.warn({ err: error }, 'health round failed'),
      onLeaseError: (error) => this.logger.warn({ err: error }, 'health prober lease heartbeat or release failed'),
    });
  }

  onApplicationBootstrap(): void {
    if (this.config.health.intervalMs > 0) this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  /**
   * One full round over every cluster; resolves when every probe has finished or timed out. Probes not
   * yet started are skipped once `signal` fires (a shutdown, or the lease lost to another replica).
   */
  async probeAll(
    concurrency = this.config.health.concurrency,
    signal = this.loop.stopSignal,
  ): Promise<{ probed: number; wallMs: number }> {
    const started = Date.now();
    const clusters = await this.dataSource.getRepository(ClusterEntity).find();
    const reachable = await this.credentials.ofEach(clusters);
    const results: Array<{ cluster: ClusterEntity; probe: ProbeResult }> = [];
    await boundedEach(clusters, concurrency, async (cluster) => {
      await sleep(Math.random() * this.config.health.jitterMs, undefined, { signal }).catch(() => undefined);
      const access = reachable.get(cluster.id);
      if (signal.aborted || !access) return;
      const probe = await probeCluster(this.providers, access.ref, access.credential, this.config.health.timeoutMs, {
        readCapacity: capacityIsStale(cluster, started),
      });
      results.push({ cluster, probe });
    });
    // Clusters deregistered during the round are skipped by the write (it matches rows by id).
    await this.health.recordRound(results);
    return { probed: results.length, wallMs: Date.now() - started };
  }
}

/**
 * Node capacity changes with autoscaling, not from one probe to the next, and listing nodes is the
 * costliest read of a probe: it is refreshed every ten minutes.
 */
const CAPACITY_REFRESH_MS = 10 * 60_000;

function capacityIsStale(cluster: ClusterEntity, now: number): boolean {
  return !cluster.capacity || now - Date.parse(cluster.capacity.observedAt) >= CAPACITY_REFRESH_MS;
}

/** Runs `work` over `items` with at most `limit` in flight. */
async function boundedEach<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
