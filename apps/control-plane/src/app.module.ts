import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { FLEETPLANE_CONFIG, FleetplaneConfig } from '@fleetplane/config';
import { IdempotencyInterceptor, MetricsRegistry, ProblemDetailsFilter } from '@fleetplane/http';
import { DatabaseModule } from '@fleetplane/persistence';
import { SecurityModule, hashToken } from '@fleetplane/security';
import type { Request } from 'express';
import { LoggerModule } from 'nestjs-pino';
import { AuditModule } from './audit/audit.module';
import { BootstrapAdmin } from './bootstrap/bootstrap-admin';
import { ApplicationsModule } from './applications/applications.module';
import { ClustersModule } from './clusters/clusters.module';
import { DeploymentsModule } from './deployments/deployments.module';
import { EncryptionModule } from './encryption/encryption.module';
import { HealthModule } from './health/health.module';
import { loggerOptions } from './logging';
import { SandboxDemo } from './sandbox-demo/sandbox-demo';
import { TenancyModule } from './tenancy/tenancy.module';
import { TeamsModule } from './teams/teams.module';
import { TokensModule } from './tokens/tokens.module';

@Module({})
export class AppModule {
  static forRoot(config: FleetplaneConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        LoggerModule.forRoot(loggerOptions(config)),
        DatabaseModule.forRoot({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }),
        SecurityModule.forRoot({ encryption: config.encryption, dataDir: config.dataDir }),
        ThrottlerModule.forRoot({
          throttlers: [{ name: 'default', ttl: 60_000, limit: config.rateLimitPerMinute }],
          // Per token (by its hash, never the token itself); unauthenticated callers per address.
          getTracker: (request: Record<string, unknown>) => {
            const authorization = (request as unknown as Request).header('authorization');
            return authorization ? `token:${hashToken(authorization)}` : `ip:${(request as unknown as Request).ip}`;
          },
        }),
        HealthModule,
        TeamsModule,
        TokensModule,
        AuditModule,
        EncryptionModule,
        ClustersModule,
        TenancyModule,
        ApplicationsModule,
        DeploymentsModule,
      ],
      providers: [
        { provide: FLEETPLANE_CONFIG, useValue: config },
        MetricsRegistry,
        BootstrapAdmin,
        SandboxDemo,
        { provide: APP_GUARD, useClass: ThrottlerGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
      exports: [FLEETPLANE_CONFIG, MetricsRegistry],
    };
  }
}
