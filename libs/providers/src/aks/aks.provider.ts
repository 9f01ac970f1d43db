import { AgentPool, ContainerServiceClient, ManagedCluster } from '@azure/arm-containerservice';
import type { TokenCredential } from '@azure/core-auth';
import { Inject, Injectable } from '@nestjs/common';
import type {
  AksClusterRef,
  AksDiscoveryScope,
  CallOptions,
  ClusterAccess,
  ClusterDescription,
  CloudHealth,
  CloudProvider,
  DiscoveredCluster,
} from '../cloud-provider';
import { callCloud } from '../cloud-call';
import { ClientCache } from '../client-cache';
import { requireCredentialType } from '../credential-guard';
import { CREDENTIAL_TYPES_OF_PROVIDER } from '../credential-types';
import type { AzureCredential } from '../credentials';
import { CredentialInvalid, InvalidRequest } from '../errors';
import { fingerprint } from '../fingerprint';
import { tokenKubeConfig } from '../kube/token-kubeconfig';
import type { ProviderRuntime, ProvidersOptions } from '../providers-options';
import { resolveRuntime } from '../providers-options';
import { PROVIDERS_OPTIONS } from '../tokens';
import type { AksOptions } from './aks.options';
import { translateAzureError } from './aks-errors';
import { AKS_SERVER_SCOPE, readAksUserKubeconfig } from './aks-kubeconfig';
import {
  aksCloudIdentity,
  aksClusterStatus,
  aksHealthIssues,
  describeAksCluster,
  resourceGroupOf,
} from './aks-mapping';
import { defaultAzureTokenCredential } from './azure-credentials';

interface SubscriptionClient {
  arm: ContainerServiceClient;
  identity: TokenCredential;
}

/** Azure AKS through `@azure/arm-containerservice`; Kubernetes access from the user kubeconfig or an Entra token. */
@Injectable()
export class AksProvider implements CloudProvider<'aks'> {
  readonly kind = 'aks';
  private readonly runtime: ProviderRuntime;
  private readonly settings: AksOptions;
  private readonly clients = new ClientCache<SubscriptionClient>();

  constructor(@Inject(PROVIDERS_OPTIONS) options: ProvidersOptions) {
    this.runtime = resolveRuntime(options);
    this.settings = options.aks ?? {};
  }

  async discover(
    scope: AksDiscoveryScope,
    credential: AzureCredential,
    options?: CallOptions,
  ): Promise<DiscoveredCluster<'aks'>[]> {
    const { arm } = this.client(scope.subscriptionId, credential);
    const clusters = await callCloud(
      this.runtime.retryPolicy,
      translateAzureError,
      async (abortSignal) => {
        const pages = scope.resourceGroup
          ? arm.managedClusters.listByResourceGroup(scope.resourceGroup, { abortSignal })
          : arm.managedClusters.list({ abortSignal });
        const all: ManagedCluster[] = [];
        for await (const cluster of pages) all.push(cluster);
        return all;
      },
      options?.signal,
    );
    const wanted = scope.region && normaliseRegion(scope.region);
    return clusters
      .filter((cluster) => !wanted || normaliseRegion(cluster.location) === wanted)
      .map((cluster) => ({
        ref: {
          provider: 'aks' as const,
          subscriptionId: scope.subscriptionId,
          resourceGroup: resourceGroupOf(cluster.id),
          name: cluster.name ?? '',
        },
        region: cluster.location,
      }));
  }

  async describe(
    ref: AksClusterRef,
    credential: AzureCredential,
    options?: CallOptions,
  ): Promise<ClusterDescription<'aks'>> {
    const cluster = await this.getCluster(ref, credential, options);
    const { arm } = this.client(ref.subscriptionId, credential);
    const agentPools = await callCloud(
      this.runtime.retryPolicy,
      translateAzureError,
      async (abortSignal) => {
        const pools: AgentPool[] = [];
        for await (const pool of arm.agentPools.list(ref.resourceGroup, ref.name, { abortSignal })) pools.push(pool);
        return pools;
      },
      options?.signal,
    );
    return describeAksCluster(ref, cluster, agentPools);
  }

  /**
   * Asks ARM for the cluster user kubeconfig. Clusters with local accounts get it as is (no
   * expiry). Entra-enabled clusters get a kubeconfig for the same server and CA whose bearer
   * token is an Entra token for the AKS server application, expiring with that token.
   */
  async issueAccess(ref: AksClusterRef, credential: AzureCredential, options?: CallOptions): Promise<ClusterAccess> {
    const { arm, identity } = this.client(ref.subscriptionId, credential);
    const results = await callCloud(
      this.runtime.retryPolicy,
      translateAzureError,
      (abortSignal) => arm.managedClusters.listClusterUserCredentials(ref.resourceGroup, ref.name, { abortSignal }),
      options?.signal,
    );
    const value = results.kubeconfigs?.[0]?.value;
    if (!value) throw new InvalidRequest(`AKS returned no user kubeconfig for ${ref.name}`, { provider: 'aks' });
    const userKubeconfig = readAksUserKubeconfig(Buffer.from(value).toString('utf8'));
    if (userKubeconfig.kind === 'self-contained') return { kubeConfig: userKubeconfig.kubeConfig, expiresAt: null };

    const token = await callCloud(
      this.runtime.retryPolicy,
      translateAzureError,
      (abortSignal) => identity.getToken(AKS_SERVER_SCOPE, { abortSignal }),
      options?.signal,
    );
    if (!token)
      throw new CredentialInvalid('Entra ID issued no token for the AKS server application', { provider: 'aks' });
    const kubeConfig = tokenKubeConfig({
      name: `aks_${ref.resourceGroup}_${ref.name}`,
      server: userKubeconfig.server,
      caBase64: userKubeconfig.caBase64,
      bearerToken: token.token,
    });
    return { kubeConfig, expiresAt: new Date(token.expiresOnTimestamp) };
  }

  cloudIdentity(description: ClusterDescription<'aks'>): string {
    return aksCloudIdentity(description);
  }

  async checkHealth(ref: AksClusterRef, credential: AzureCredential, options?: CallOptions): Promise<CloudHealth> {
    const started = Date.now();
    const cluster = await this.getCluster(ref, credential, options);
    const status = aksClusterStatus(cluster.provisioningState, cluster.powerState?.code);
    const issues = aksHealthIssues(cluster);
    return {
      healthy: status === 'running' && issues.length === 0,
      status,
      cloudStatus: cluster.provisioningState ?? '',
      issues,
      checkedAt: this.runtime.now(),
      latencyMs: Date.now() - started,
    };
  }

  private getCluster(ref: AksClusterRef, credential: AzureCredential, options?: CallOptions): Promise<ManagedCluster> {
    const { arm } = this.client(ref.subscriptionId, credential);
    return callCloud(
      this.runtime.retryPolicy,
      translateAzureError,
      (abortSignal) => arm.managedClusters.get(ref.resourceGroup, ref.name, { abortSignal }),
      options?.signal,
    );
  }

  private client(subscriptionId: string, credential: AzureCredential): SubscriptionClient {
    requireCredentialType('aks', credential, CREDENTIAL_TYPES_OF_PROVIDER.aks);
    return this.clients.get(`${subscriptionId}|${fingerprint(credential)}`, () => {
      const identity = (this.settings.tokenCredentialFor ?? defaultAzureTokenCredential)(credential);
      const arm = new ContainerServiceClient(identity, subscriptionId, {
        endpoint: this.settings.endpoint,
        agent: this.settings.agent,
        // Retries belong to the injected policy (the SDK would also retry 429 and 5xx on its own).
        retryOptions: { maxRetries: 0 },
      });
      return { arm, identity };
    });
  }
}

/** "West Europe" and "westeurope" name the same region. */
function normaliseRegion(region: string): string {
  return region.replace(/\s+/g, '').toLowerCase();
}
