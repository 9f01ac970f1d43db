import { Inject, Injectable } from '@nestjs/common';
import { throughTransientKubeConfig } from '@fleetplane/kube';
import type {
  CallOptions,
  ClusterAccess,
  ClusterDescription,
  CloudHealth,
  CloudProvider,
  DiscoveredCluster,
  KubeconfigClusterRef,
  KubeconfigDiscoveryScope,
} from '../cloud-provider';
import { requireCredentialType } from '../credential-guard';
import { CREDENTIAL_TYPES_OF_PROVIDER } from '../credential-types';
import type { KubeconfigTextCredential } from '../credentials';
import { apiServerIdentity, describeApiServer } from '../kube/api-server-description';
import { ApiServerContext, apiServerHealth } from '../kube/api-server-health';
import { loadInlineKubeConfig, selectContext } from '../kube/inline-kubeconfig';
import type { ProviderRuntime, ProvidersOptions } from '../providers-options';
import { resolveRuntime } from '../providers-options';
import { PROVIDERS_OPTIONS } from '../tokens';

/**
 * Any conformant cluster (on-premises, kind, k3s, another cloud) reached through an uploaded
 * kubeconfig; each context is one cluster. Without a cloud, "cloud-side" facts come from the
 * API server itself, and region, zones, node pools and tags are unknown (empty).
 */
@Injectable()
export class KubeconfigProvider implements CloudProvider<'kubeconfig'> {
  readonly kind = 'kubeconfig';
  private readonly runtime: ProviderRuntime;

  constructor(@Inject(PROVIDERS_OPTIONS) options: ProvidersOptions) {
    this.runtime = resolveRuntime(options);
  }

  async discover(
    _scope: KubeconfigDiscoveryScope,
    credential: KubeconfigTextCredential,
  ): Promise<DiscoveredCluster<'kubeconfig'>[]> {
    return this.load(credential)
      .getContexts()
      .map((context) => ({ ref: { provider: 'kubeconfig' as const, context: context.name }, region: '' }));
  }

  async describe(
    ref: KubeconfigClusterRef,
    credential: KubeconfigTextCredential,
    options?: CallOptions,
  ): Promise<ClusterDescription<'kubeconfig'>> {
    const facts = await throughTransientKubeConfig(
      this.select(ref, credential),
      this.runtime.addressGuard,
      (kubeConfig) => describeApiServer(kubeConfig, this.context(options)),
    );
    return { ref, ...facts, region: '', zones: [], nodePools: [], tags: {} };
  }

  async issueAccess(ref: KubeconfigClusterRef, credential: KubeconfigTextCredential): Promise<ClusterAccess> {
    return { kubeConfig: this.select(ref, credential), expiresAt: null };
  }

  cloudIdentity(description: ClusterDescription<'kubeconfig'>): string | null {
    return apiServerIdentity(description.endpoint);
  }

  checkHealth(
    ref: KubeconfigClusterRef,
    credential: KubeconfigTextCredential,
    options?: CallOptions,
  ): Promise<CloudHealth> {
    return throughTransientKubeConfig(this.select(ref, credential), this.runtime.addressGuard, (kubeConfig) =>
      apiServerHealth(kubeConfig, this.context(options)),
    );
  }

  private load(credential: KubeconfigTextCredential) {
    requireCredentialType('kubeconfig', credential, CREDENTIAL_TYPES_OF_PROVIDER.kubeconfig);
    return loadInlineKubeConfig(credential.kubeconfig, 'kubeconfig');
  }

  private select(ref: KubeconfigClusterRef, credential: KubeconfigTextCredential) {
    return selectContext(this.load(credential), ref.context, 'kubeconfig');
  }

  private context(options?: CallOptions): ApiServerContext {
    return {
      provider: 'kubeconfig',
      retryPolicy: this.runtime.retryPolicy,
      timeoutMs: this.runtime.kubeApiTimeoutMs,
      now: this.runtime.now,
      signal: options?.signal,
    };
  }
}
