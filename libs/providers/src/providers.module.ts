import {
  DynamicModule,
  InjectionToken,
  Module,
  ModuleMetadata,
  OptionalFactoryDependency,
  Provider,
} from '@nestjs/common';
import type { CloudProvider } from './cloud-provider';
import { CloudProviders } from './cloud-providers';
import { PROVIDER_ADAPTERS } from './provider-adapters';
import {
  MANAGED_SERVICES_ADAPTERS,
  ManagedServices,
  managedServicesAdapters,
} from './services/managed-services-registry';
import type { ProvidersOptions } from './providers-options';
import { CLOUD_PROVIDER_ADAPTERS, PROVIDERS_OPTIONS } from './tokens';

export interface ProvidersModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  inject?: Array<InjectionToken | OptionalFactoryDependency>;
  useFactory: (...args: never[]) => ProvidersOptions | Promise<ProvidersOptions>;
}

/**
 * Registers every adapter of `PROVIDER_ADAPTERS` under the multi-provider token
 * `CLOUD_PROVIDER_ADAPTERS` and exports `CloudProviders`, the dispatcher callers use, and
 * `ManagedServices`, the managed-services adapters keyed by cloud.
 */
@Module({})
export class ProvidersModule {
  static forRoot(options: ProvidersOptions = {}): DynamicModule {
    return ProvidersModule.build([{ provide: PROVIDERS_OPTIONS, useValue: options }], []);
  }

  /** For options built from other providers (configuration, secrets). */
  static forRootAsync(options: ProvidersModuleAsyncOptions): DynamicModule {
    return ProvidersModule.build(
      [{ provide: PROVIDERS_OPTIONS, useFactory: options.useFactory, inject: options.inject }],
      options.imports ?? [],
    );
  }

  private static build(optionsProvider: Provider[], imports: NonNullable<ModuleMetadata['imports']>): DynamicModule {
    return {
      module: ProvidersModule,
      imports,
      providers: [
        ...optionsProvider,
        ...PROVIDER_ADAPTERS,
        {
          provide: CLOUD_PROVIDER_ADAPTERS,
          useFactory: (...adapters: CloudProvider[]) => adapters,
          inject: [...PROVIDER_ADAPTERS],
        },
        CloudProviders,
        { provide: MANAGED_SERVICES_ADAPTERS, useFactory: managedServicesAdapters, inject: [PROVIDERS_OPTIONS] },
        ManagedServices,
      ],
      exports: [CloudProviders, CLOUD_PROVIDER_ADAPTERS, ManagedServices],
    };
  }
}

/** The same wiring without Nest, for scripts, benchmarks and tests. */
export function createCloudProviders(options: ProvidersOptions = {}): CloudProviders {
  return new CloudProviders(
    PROVIDER_ADAPTERS.map((Adapter) => new Adapter(options)),
    options,
  );
}
