import { Inject, Injectable } from '@nestjs/common';
import { throughTransientKubeConfig } from '@fleetplane/kube';
import type {
  CallOptions,
  ClusterAccess,
  ClusterDescription,
  CloudHealth,
  CloudProvider,
  DiscoveredCluster,
  SandboxClusterRef,
  SandboxDiscoveryScope,
} from '../cloud-provider';
import { requireCredentialType } from '../credential-guard';
import { CREDENTIAL_TYPES_OF_PROVIDER } from '../credential-types';
import type { SandboxCredential } from '../credentials';
import { describeApiServer } from '../kube/api-server-description';
import { ApiServerContext, apiServerHealth } from '../kube/api-server-health';
import type { ProviderRuntime, ProvidersOptions } from '../providers-options';
import { resolveRuntime } from '../providers-options';
import { PROVIDERS_OPTIONS } from '../tokens';
import { sandboxClusterNames, sandboxKubeConfig } from './sandbox-kubeconfig';

/**
 * Clusters of the project's own `apps/sandbox-cluster`, which writes `DIR/<name>.kubeconfig`
 * (HTTPS server, CA, bearer token). A sandbox cluster is that kubeconfig plus the labels it was
 * started with (reported as tags; the `region` label as its region).
 */
@Injectable()
export class SandboxProvider implements CloudProvider<'sandbox'> {
  readonly kind = 'sandbox';
  private readonly runtime: ProviderRuntime;

  constructor(@Inject(PROVIDERS_OPTIONS) options: ProvidersOptions) {
    this.runtime = resolveRuntime(options);
  }

  async discover(
    _scope: SandboxDiscoveryScope,
    credential: SandboxCredential,
  ): Promise<DiscoveredCluster<'sandbox'>[]> {
    requireCredentialType('sandbox', credential, CREDENTIAL_TYPES_OF_PROVIDER.sandbox);
    const names = await sandboxClusterNames(credential);
    return names.map((name) => ({ ref: { provider: 'sandbox' as const, name }, region: '' }));
  }

  async describe(
    ref: SandboxClusterRef,
    credential: SandboxCredential,
    options?: CallOptions,
  ): Promise<ClusterDescription<'sandbox'>> {
    const facts = await throughTransientKubeConfig(
      await this.kubeConfig(ref, credential),
      this.runtime.addressGuard,
      (kubeConfig) => describeApiServer(kubeConfig, this.context(options)),
    );
    const tags = { ...ref.labels };
    return { ref, ...facts, region: tags.region ?? '', zones: [], nodePools: [], tags };
  }

  async issueAccess(ref: SandboxClusterRef, credential: SandboxCredential): Promise<ClusterAccess> {
    return { kubeConfig: await this.kubeConfig(ref, credential), expiresAt: null };
  }

  /**
   * None: a sandbox is restarted on a fresh loopback port and re-registered by name, so a port a stale
   * registration still holds may belong to another sandbox now. Its URL names the moment, not the cluster.
   */
  cloudIdentity(): null {
    return null;
  }

  async checkHealth(
    ref: SandboxClusterRef,
    credential: SandboxCredential,
    options?: CallOptions,
  ): Promise<CloudHealth> {
    return throughTransientKubeConfig(await this.kubeConfig(ref, credential), this.runtime.addressGuard, (kubeConfig) =>
      apiServerHealth(kubeConfig, this.context(options)),
    );
  }

  private kubeConfig(ref: SandboxClusterRef, credential: SandboxCredential) {
    requireCredentialType('sandbox', credential, CREDENTIAL_TYPES_OF_PROVIDER.sandbox);
    return sandboxKubeConfig(ref, credential);
  }

  private context(options?: CallOptions): ApiServerContext {
    return {
      provider: 'sandbox',
      retryPolicy: this.runtime.retryPolicy,
      timeoutMs: this.runtime.kubeApiTimeoutMs,
      now: this.runtime.now,
      signal: options?.signal,
    };
  }
}
