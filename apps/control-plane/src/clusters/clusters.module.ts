import { Module } from '@nestjs/common';
import { FLEETPLANE_CONFIG } from '@fleetplane/config';
import type { FleetplaneConfig } from '@fleetplane/config';
import { ProvidersModule, ProvidersOptions } from '@fleetplane/providers';
import { ClusterCredentials } from './cluster-credentials';
import { ClusterImportService } from './cluster-import.service';
import { ClustersController } from './clusters.controller';
import { ClustersService } from './clusters.service';
import { ClusterHealthService } from './health/cluster-health.service';
import { HealthProber } from './health/health-prober';

/** Cloud endpoints come from configuration only (emulators, VPC endpoints); adapters never read the environment. */
export function providersOptions(config: FleetplaneConfig): ProvidersOptions {
  return {
    eks: {
      endpoint: config.aws.eksEndpoint,
      stsEndpoint: config.aws.stsEndpoint,
      regions: config.aws.regions.length > 0 ? config.aws.regions : undefined,
    },
  };
}

@Module({
  imports: [
    ProvidersModule.forRootAsync({
      inject: [FLEETPLANE_CONFIG],
      useFactory: (config: FleetplaneConfig) => providersOptions(config),
    }),
  ],
  controllers: [ClustersController],
  providers: [ClustersService, ClusterCredentials, ClusterImportService, ClusterHealthService, HealthProber],
  exports: [ClustersService, ClusterCredentials, ClusterHealthService, HealthProber, ProvidersModule],
})
export class ClustersModule {}
