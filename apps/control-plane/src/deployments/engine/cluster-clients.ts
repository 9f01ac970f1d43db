import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { KubeClusterClient, apiServerConnection } from '@fleetplane/kube';
import { ClusterEntity } from '@fleetplane/persistence';
import { CloudProviders } from '@fleetplane/providers';
import { CircuitBreakerPolicy, ConsecutiveBreaker, circuitBreaker, handleWhen } from 'cockatiel';
import { DataSource, In } from 'typeorm';
import { KubeConfig } from '@kubernetes/client-node';
import { ClusterCredentials, RefAndCredential } from '../../clusters/cluster-credentials';

const BREAKER_OPENS_AFTER_FAILURES = 5;
const BREAKER_HALF_OPENS_AFTER_MS = 15_000;
/** How long a cluster row and credential read in bulk stand in for a fresh read of them. */
const PREPARED_FOR_MS = 60_000;

interface CachedClient {
  kubeConfig: KubeConfig;
  client: KubeClusterClient;
}

interface PreparedCluster extends RefAndCredential {
  cluster: ClusterEntity;
  at: number;
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
  private readonly prepared = new Map<string, PreparedCluster>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly providers: CloudProviders,
    private readonly credentials: ClusterCredentials,
  ) {}

  /**
   * Reads the clusters and credentials a step is about to use in two queries, so that its targets'
   * `clientFor` calls need none (a wave of hundreds of targets would otherwise read them one by one).
   */
  async prepare(clusterIds: readonly string[]): Promise<void> {
    if (clusterIds.length === 0) return;
    const clusters = await this.dataSource.getRepository(ClusterEntity).findBy({ id: In([...clusterIds]) });
    const reachable = await this.credentials.ofEach(clusters);
    const at = Date.now();
    for (const [id, entry] of this.prepared) if (at - entry.at >= PREPARED_FOR_MS) this.prepared.delete(id);
    for (const cluster of clusters) {
      const access = reachable.get(cluster.id);
      if (access) this.prepared.set(cluster.id, { cluster, ...access, at });
    }
  }

  async clientFor(clusterId: string, signal?: AbortSignal): Promise<KubeClusterClient> {
    const { cluster, ref, credential } = await this.clusterAndCredential(clusterId);
    const { kubeConfig } = await this.providers.access(ref, credential, { signal });
    const cached = this.clients.get(clusterId);
    if (cached?.kubeConfig === kubeConfig) return cached.client;
    cached?.client.close();
    // The prober's connection: it keeps it warm, and HTTP/2 carries a target's requests together on it,
    // so a rollout usually needs no new connection (no TLS handshake on either side).
    const client = new KubeClusterClient(kubeConfig, {
      clusterName: cluster.name,
      connection: await apiServerConnection(kubeConfig),
    });
    this.clients.set(clusterId, { kubeConfig, client });
    return client;
  }

  private async clusterAndCredential(clusterId: string): Promise<Omit<PreparedCluster, 'at'>> {
    const prepared = this.prepared.get(clusterId);
    this.prepared.delete(clusterId);
    if (prepared && Date.now() - prepared.at < PREPARED_FOR_MS) return prepared;
    const cluster = await this.dataSource.getRepository(ClusterEntity).findOneBy({ id: clusterId });
    if (!cluster) throw new Error('the cluster was deregistered');
    return { cluster, ...(await this.credentials.of(cluster)) };
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
