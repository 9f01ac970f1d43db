import { Module } from '@nestjs/common';
import { FLEETPLANE_CONFIG } from '@fleetplane/config';
import type { FleetplaneConfig } from '@fleetplane/config';
import { ProvidersModule, ProvidersOptions } from '@fleetplane/providers';
import { ClusterAddressPolicy } from '@fleetplane/security';
import { ClusterCredentials } from './cluster-credentials';
import { ClusterImportService } from './cluster-import.service';
import { ClustersController } from './clusters.controller';
import { ClustersService } from './clusters.service';
import { ClusterHealthService } from './health/cluster-health.service';
import { HealthProber } from './health/health-prober';

/**
 * Cloud endpoints come from configuration only (emulators, VPC endpoints); adapters never read the environment.
 * Every connection to an API server is judged by the cluster address policy.
 */
export function providersOptions(config: FleetplaneConfig, addressPolicy: ClusterAddressPolicy): ProvidersOptions {
  return {
    addressGuard: addressPolicy,
    eks: {
      endpoint: config.aws.eksEndpoint,
      stsEndpoint: config.aws.stsEndpoint,
      regions: config.aws.regions.length > 0 ? config.aws.regions : undefined,
    },
    services: {
      aws: {
        endpoint: config.aws.servicesEndpoint,
        stsEndpoint: config.aws.stsEndpoint,
        regions: config.aws.servicesRegions.length > 0 ? config.aws.servicesRegions : undefined,
      },
    },
  };
}

@Module({
  imports: [
    ProvidersModule.forRootAsync({
      inject: [FLEETPLANE_CONFIG, ClusterAddressPolicy],
      useFactory: (config: FleetplaneConfig, addressPolicy: ClusterAddressPolicy) =>
        providersOptions(config, addressPolicy),
    }),
  ],
  controllers: [ClustersController],
  providers: [ClustersService, ClusterCredentials, ClusterImportService, ClusterHealthService, HealthProber],
  exports: [ClustersService, ClusterCredentials, ClusterHealthService, HealthProber, ProvidersModule],
})
export class ClustersModule {}
