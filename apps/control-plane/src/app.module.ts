import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { FLEETPLANE_CONFIG, FleetplaneConfig } from '@fleetplane/config';
import { IdempotencyInterceptor, MetricsRegistry, ProblemDetailsFilter, ReplyInterceptor } from '@fleetplane/http';
import { DatabaseModule } from '@fleetplane/persistence';
import { SecurityModule, TokenAuthenticator, rateLimitOptions } from '@fleetplane/security';
import { LoggerModule } from 'nestjs-pino';
import { AuditModule } from './audit/audit.module';
import { BootstrapAdmin } from './bootstrap/bootstrap-admin';
import { ApplicationsModule } from './applications/applications.module';
import { BindingRolloutsModule } from './binding-rollouts/binding-rollouts.module';
import { BindingsModule } from './bindings/bindings.module';
import { ClustersModule } from './clusters/clusters.module';
import { DeploymentsModule } from './deployments/deployments.module';
import { EncryptionModule } from './encryption/encryption.module';
import { HealthModule } from './health/health.module';
import { loggerOptions } from './logging';
import { PromotionsModule } from './promotions/promotions.module';
import { SandboxDemo } from './sandbox-demo/sandbox-demo';
import { SsoModule } from './sso/sso.module';
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
        SecurityModule.forRoot({
          encryption: config.encryption,
          dataDir: config.dataDir,
          allowedClusterNetworks: config.allowedClusterNetworks,
        }),
        ThrottlerModule.forRootAsync({
          inject: [TokenAuthenticator],
          useFactory: (authenticator: TokenAuthenticator) =>
            rateLimitOptions(authenticator, {
              perTokenPerMinute: config.rateLimitPerMinute,
              failedAuthenticationsPerMinute: config.authFailuresPerMinute,
            }),
        }),
        HealthModule,
        TeamsModule,
        TokensModule,
        SsoModule,
        AuditModule,
        EncryptionModule,
        ClustersModule,
        TenancyModule,
        ApplicationsModule,
        BindingsModule,
        DeploymentsModule,
        BindingRolloutsModule,
        PromotionsModule,
      ],
      providers: [
        { provide: FLEETPLANE_CONFIG, useValue: config },
        MetricsRegistry,
        BootstrapAdmin,
        SandboxDemo,
        { provide: APP_GUARD, useClass: ThrottlerGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        // Inside the idempotency interceptor, which records the headers a reply set for its replays.
        { provide: APP_INTERCEPTOR, useClass: ReplyInterceptor },
      ],
      exports: [FLEETPLANE_CONFIG, MetricsRegistry],
    };
  }
}
