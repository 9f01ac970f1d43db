import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { FLEETPLANE_CONFIG } from '@fleetplane/config';
import type { FleetplaneConfig } from '@fleetplane/config';
import { SandboxClusterRef } from '@fleetplane/providers';
import { ClusterAddressPolicy, PLATFORM_TEAM } from '@fleetplane/security';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { Sandbox, defaultClusterSpecs, startSandbox } from '@fleetplane/sandbox';
import { ClustersService } from '../clusters/clusters.service';

/**
 * The embedded demo: with no configuration, three sandbox clusters flavoured aws, gcp and azure run
 * in-process and are registered, so the README's tour works without a cloud account. Their objects
 * survive restarts (a state file under the data folder). `FLEETPLANE_SANDBOX_CLUSTERS=0` turns it off.
 */
@Injectable()
export class SandboxDemo implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SandboxDemo.name);
  private sandbox: Sandbox | undefined;

  constructor(
    @Inject(FLEETPLANE_CONFIG) private readonly config: FleetplaneConfig,
    private readonly clusters: ClustersService,
    private readonly dataSource: DataSource,
    private readonly addressPolicy: ClusterAddressPolicy,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.sandboxClusters === 0) return;
    const dir = join(this.config.dataDir, 'sandbox');
    this.sandbox = await startSandbox({
      clusters: defaultClusterSpecs(this.config.sandboxClusters),
      kubeconfigDir: dir,
      stateFile: join(dir, 'state.json'),
    });
    for (const cluster of this.sandbox.clusters) {
      // The demo's own clusters listen on loopback: exactly their endpoints are allowed, not loopback.
      const server = new URL(cluster.server);
      this.addressPolicy.allowEndpoint(server.hostname, Number(server.port));
      const ref: SandboxClusterRef = { provider: 'sandbox', name: cluster.name, labels: cluster.labels };
      const credential = { type: 'kubeconfig-file' as const, path: cluster.kubeconfigPath };
      const description = await this.clusters.describe(ref, credential);
      await this.dataSource.transaction((manager) =>
        this.clusters.upsert(
          manager,
          {
            name: cluster.name,
            team: PLATFORM_TEAM,
            environment: 'dev',
            labels: cluster.labels,
            annotations: {},
            ref,
            credential,
          },
          description,
        ),
      );
    }
    this.logger.log(
      `sandbox clusters ${this.sandbox.clusters.map((c) => c.name).join(', ')} registered; kubeconfigs in ${dir}; admin ${this.sandbox.adminUrl}`,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.sandbox?.stop();
  }
}
