import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { KubeClusterClient } from '@fleetplane/kube';
import { ClusterEntity } from '@fleetplane/persistence';
import { CloudProviders, ClusterRef, ProviderCredential } from '@fleetplane/providers';
import { SecretStore } from '@fleetplane/security';
import { CircuitBreakerPolicy, ConsecutiveBreaker, circuitBreaker, handleWhen } from 'cockatiel';
import { DataSource } from 'typeorm';
import { KubeConfig } from '@kubernetes/client-node';

const BREAKER_OPENS_AFTER_FAILURES = 5;
const BREAKER_HALF_OPENS_AFTER_MS = 15_000;

interface CachedClient {
  kubeConfig: KubeConfig;
  client: KubeClusterClient;
}

/**
 * One Kubernetes client per cluster, rebuilt when the cluster's access is re-issued (a new KubeConfig), and
 * one circuit breaker per cluster: after repeated connection failures, calls fail fast for a while instead
 * of every target of every rollout waiting out its timeouts against a dead cluster.
 */
@Injectable()
export class ClusterClients implements OnApplicationShutdown {
  private readonly clients = new Map<string, CachedClient>();
  private readonly breakers = new Map<string, CircuitBreakerPolicy>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly providers: CloudProviders,
    private readonly secrets: SecretStore,
  ) {}

  async clientFor(clusterId: string, signal?: AbortSignal): Promise<KubeClusterClient> {
    const cluster = await this.dataSource.getRepository(ClusterEntity).findOneBy({ id: clusterId });
    if (!cluster) throw new Error('the cluster was deregistered');
    const credential = await this.secrets.get<ProviderCredential>(this.dataSource.manager, cluster.credentialSecretId);
    const { kubeConfig } = await this.providers.access(cluster.ref as unknown as ClusterRef, credential as never, {
      signal,
    });
    const cached = this.clients.get(clusterId);
    if (cached?.kubeConfig === kubeConfig) return cached.client;
    cached?.client.close();
    const client = new KubeClusterClient(kubeConfig, { clusterName: cluster.name, maxSockets: 8 });
    this.clients.set(clusterId, { kubeConfig, client });
    return client;
  }

  /** Runs a call to a cluster through its breaker; only connection failures count against it. */
  guard<T>(clusterId: string, call: () => Promise<T>): Promise<T> {
    let breaker = this.breakers.get(clusterId);
    if (!breaker) {
      breaker = circuitBreaker(
        handleWhen((error) => (error as { code?: string }).code === 'Unreachable'),
        { halfOpenAfter: BREAKER_HALF_OPENS_AFTER_MS, breaker: new ConsecutiveBreaker(BREAKER_OPENS_AFTER_FAILURES) },
      );
      this.breakers.set(clusterId, breaker);
    }
    return breaker.execute(call);
  }

  onApplicationShutdown(): void {
    for (const { client } of this.clients.values()) client.close();
    this.clients.clear();
  }
}
