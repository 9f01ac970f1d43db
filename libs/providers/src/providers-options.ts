import type { AddressGuard } from '@fleetplane/kube';
import type { AksOptions } from './aks/aks.options';
import type { EksOptions } from './eks/eks.options';
import type { GkeOptions } from './gke/gke.options';
import type { AwsServicesOptions } from './services/aws/aws-services.options';
import type { AzureServicesOptions } from './services/azure/azure-services.options';
import type { GcpServicesOptions } from './services/gcp/gcp-services.options';
import { ProviderRetryPolicy, retryTransientFailures } from './retry';

/**
 * Everything the adapters need, injected: adapters never read `process.env`. Every field is
 * optional; the defaults talk to the real clouds with the SDKs' default endpoints.
 */
export interface ProvidersOptions {
  /** Retries throttling and 5xx; `retryTransientFailures()` by default. Tests pass a fast one. */
  retryPolicy?: ProviderRetryPolicy;
  /** The clock for token lifetimes and cache expiry. */
  now?: () => Date;
  /** Access (kubeconfig) caching in `CloudProviders.access`. */
  accessCache?: AccessCacheOptions;
  /** Requests the kubeconfig and sandbox adapters make to API servers themselves. */
  kubeApi?: { timeoutMs?: number };
  /**
   * Judges every address a connection to an API server goes to (the control plane's cluster address
   * policy). Absent, connections go anywhere: scripts and benchmarks against local clusters.
   */
  addressGuard?: AddressGuard;
  eks?: EksOptions;
  gke?: GkeOptions;
  aks?: AksOptions;
  /** The managed-services adapters (databases, caches, buckets, queues, secrets), per cloud. */
  services?: { aws?: AwsServicesOptions; gcp?: GcpServicesOptions; azure?: AzureServicesOptions };
}

export interface AccessCacheOptions {
  /** Issue new access this long before the old one expires, so no caller gets a token about to lapse. */
  refreshBeforeExpiryMs?: number;
  /** Re-issue even non-expiring access this often, so rotated kubeconfig files and tokens are picked up. */
  maxAgeMs?: number;
}

/** The resolved, shared settings every adapter uses. */
export interface ProviderRuntime {
  retryPolicy: ProviderRetryPolicy;
  now: () => Date;
  kubeApiTimeoutMs: number;
  addressGuard?: AddressGuard;
}

export function resolveRuntime(options: ProvidersOptions): ProviderRuntime {
  return {
    retryPolicy: options.retryPolicy ?? retryTransientFailures(),
    now: options.now ?? (() => new Date()),
    kubeApiTimeoutMs: options.kubeApi?.timeoutMs ?? 10_000,
    ...(options.addressGuard === undefined ? {} : { addressGuard: options.addressGuard }),
  };
}
