import { Inject, Injectable } from '@nestjs/common';
import { UnknownProviderKind } from '../errors';
import type { ProvidersOptions } from '../providers-options';
import { AwsManagedServices } from './aws/aws-managed-services';
import { AzureManagedServices } from './azure/azure-managed-services';
import { GcpManagedServices } from './gcp/gcp-managed-services';
import type { ManagedServicesAdapter, ServiceCloud } from './managed-services';
import { SERVICE_CLOUDS } from './managed-services';

/** The managed-services adapter of each cloud that has one; the type ties each key to its own cloud. */
export type ManagedServicesAdapters = { [C in ServiceCloud]?: ManagedServicesAdapter<C> };

/** Nest injection token of the `ManagedServicesAdapters` map. */
export const MANAGED_SERVICES_ADAPTERS = Symbol('MANAGED_SERVICES_ADAPTERS');

/**
 * Every managed-services adapter, one line per cloud. A cloud left out here is refused by
 * `ManagedServices.get` with `UnknownProviderKind` naming the clouds that are available.
 */
export function managedServicesAdapters(options: ProvidersOptions): ManagedServicesAdapters {
  return {
    aws: new AwsManagedServices(options),
    gcp: new GcpManagedServices(options),
    azure: new AzureManagedServices(options),
  };
}

/** The entry point for callers: the adapter of a cloud, or a clear refusal when the cloud has none. */
@Injectable()
export class ManagedServices {
  constructor(@Inject(MANAGED_SERVICES_ADAPTERS) private readonly adapters: ManagedServicesAdapters) {}

  /** The clouds with an adapter, in `SERVICE_CLOUDS` order. */
  clouds(): ServiceCloud[] {
    return SERVICE_CLOUDS.filter((cloud) => this.adapters[cloud] !== undefined);
  }

  /** The adapter of `cloud`; `UnknownProviderKind` when no adapter is wired for it. */
  get<C extends ServiceCloud>(cloud: C): ManagedServicesAdapter<C> {
    const adapter = this.adapters[cloud];
    if (!adapter) {
      throw new UnknownProviderKind(
        `no managed-services adapter for cloud "${cloud}" (available: ${this.clouds().join(', ') || 'none'})`,
        { provider: cloud },
      );
    }
    return adapter;
  }
}

/** The same wiring without Nest, for scripts, benchmarks and tests. */
export function createManagedServices(options: ProvidersOptions = {}): ManagedServices {
  return new ManagedServices(managedServicesAdapters(options));
}
