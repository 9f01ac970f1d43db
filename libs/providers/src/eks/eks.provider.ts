import {
  Cluster,
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  EKSClient,
  ListClustersCommand,
  ListNodegroupsCommand,
  Nodegroup,
} from '@aws-sdk/client-eks';
import { Inject, Injectable } from '@nestjs/common';
import type {
  CallOptions,
  ClusterAccess,
  ClusterDescription,
  CloudHealth,
  CloudProvider,
  DiscoveredCluster,
  EksClusterRef,
  EksDiscoveryScope,
} from '../cloud-provider';
import { callCloud } from '../cloud-call';
import { ClientCache } from '../client-cache';
import { requireCredentialType } from '../credential-guard';
import { CREDENTIAL_TYPES_OF_PROVIDER } from '../credential-types';
import type { AwsCredential } from '../credentials';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { ClusterNotFound, InvalidRequest } from '../errors';
import { fingerprint } from '../fingerprint';
import { tokenKubeConfig } from '../kube/token-kubeconfig';
import type { ProviderRuntime, ProvidersOptions } from '../providers-options';
import { resolveRuntime } from '../providers-options';
import { PROVIDERS_OPTIONS } from '../tokens';
import { awsCredentialProvider } from './aws-credentials';
import { translateAwsError } from './aws-errors';
import type { EksOptions } from './eks.options';
import { describeEksCluster, eksCloudIdentity, eksClusterStatus, eksHealthIssues } from './eks-mapping';
import { createEksToken } from './eks-token';

interface RegionalClient {
  eks: EKSClient;
  credentials: AwsCredentialIdentityProvider;
}

/** Amazon EKS through `@aws-sdk/client-eks`; Kubernetes access with the aws-iam-authenticator token. */
@Injectable()
export class EksProvider implements CloudProvider<'eks'> {
  readonly kind = 'eks';
  private readonly runtime: ProviderRuntime;
  private readonly settings: EksOptions;
  private readonly clients = new ClientCache<RegionalClient>();

  constructor(@Inject(PROVIDERS_OPTIONS) options: ProvidersOptions) {
    this.runtime = resolveRuntime(options);
    this.settings = options.eks ?? {};
  }

  async discover(
    scope: EksDiscoveryScope,
    credential: AwsCredential,
    options?: CallOptions,
  ): Promise<DiscoveredCluster<'eks'>[]> {
    const regions = scope.regions ?? this.settings.regions ?? [];
    if (regions.length === 0) {
      throw new InvalidRequest('EKS discovery needs at least one region (in the scope or the eks.regions option)', {
        provider: 'eks',
      });
    }
    const perRegion = await Promise.all(
      regions.map(async (region) => {
        const names = await this.listClusterNames(region, credential, options);
        return names.map((name) => ({ ref: { provider: 'eks' as const, region, name }, region }));
      }),
    );
    return perRegion.flat();
  }

  async describe(
    ref: EksClusterRef,
    credential: AwsCredential,
    options?: CallOptions,
  ): Promise<ClusterDescription<'eks'>> {
    const cluster = await this.describeCluster(ref, credential, options);
    const nodegroups = await this.describeNodegroups(ref, credential, options);
    return describeEksCluster(ref, cluster, nodegroups);
  }

  async issueAccess(ref: EksClusterRef, credential: AwsCredential, options?: CallOptions): Promise<ClusterAccess> {
    const cluster = await this.describeCluster(ref, credential, options);
    const caBase64 = cluster.certificateAuthority?.data;
    if (!cluster.endpoint || !caBase64) {
      throw new InvalidRequest(`EKS cluster ${ref.name} has no endpoint or CA yet (status ${cluster.status})`, {
        provider: 'eks',
        cloudCode: cluster.status,
      });
    }
    const identity = await callCloud(
      this.runtime.retryPolicy,
      translateAwsError,
      () => this.client(ref.region, credential).credentials(),
      options?.signal,
    );
    const { token, expiresAt } = await createEksToken({
      clusterName: ref.name,
      region: ref.region,
      credentials: identity,
      signedAt: this.runtime.now(),
    });
    const kubeConfig = tokenKubeConfig({
      name: `eks_${ref.region}_${ref.name}`,
      server: cluster.endpoint,
      caBase64,
      bearerToken: token,
    });
    return { kubeConfig, expiresAt };
  }

  cloudIdentity(description: ClusterDescription<'eks'>): string | null {
    return eksCloudIdentity(description);
  }

  async checkHealth(ref: EksClusterRef, credential: AwsCredential, options?: CallOptions): Promise<CloudHealth> {
    const started = Date.now();
    const cluster = await this.describeCluster(ref, credential, options);
    const issues = eksHealthIssues(cluster);
    const status = eksClusterStatus(cluster.status);
    return {
      healthy: status === 'running' && issues.length === 0,
      status,
      cloudStatus: cluster.status ?? '',
      issues,
      checkedAt: this.runtime.now(),
      latencyMs: Date.now() - started,
    };
  }

  private async listClusterNames(region: string, credential: AwsCredential, options?: CallOptions): Promise<string[]> {
    const client = this.client(region, credential);
    const names: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await callCloud(
        this.runtime.retryPolicy,
        translateAwsError,
        (abortSignal) => client.eks.send(new ListClustersCommand({ nextToken }), { abortSignal }),
        options?.signal,
      );
      names.push(...(page.clusters ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    return names;
  }

  private async describeCluster(
    ref: EksClusterRef,
    credential: AwsCredential,
    options?: CallOptions,
  ): Promise<Cluster> {
    const client = this.client(ref.region, credential);
    const { cluster } = await callCloud(
      this.runtime.retryPolicy,
      translateAwsError,
      (abortSignal) => client.eks.send(new DescribeClusterCommand({ name: ref.name }), { abortSignal }),
      options?.signal,
    );
    if (!cluster) throw new ClusterNotFound(`EKS returned no cluster for ${ref.name}`, { provider: 'eks' });
    return cluster;
  }

  private async describeNodegroups(
    ref: EksClusterRef,
    credential: AwsCredential,
    options?: CallOptions,
  ): Promise<Nodegroup[]> {
    const client = this.client(ref.region, credential);
    const names: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await callCloud(
        this.runtime.retryPolicy,
        translateAwsError,
        (abortSignal) =>
          client.eks.send(new ListNodegroupsCommand({ clusterName: ref.name, nextToken }), { abortSignal }),
        options?.signal,
      );
      names.push(...(page.nodegroups ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    const described = await Promise.all(
      names.map((nodegroupName) =>
        callCloud(
          this.runtime.retryPolicy,
          translateAwsError,
          (abortSignal) =>
            client.eks.send(new DescribeNodegroupCommand({ clusterName: ref.name, nodegroupName }), { abortSignal }),
          options?.signal,
        ).then(
          ({ nodegroup }) => nodegroup,
          // A node group deleted between the listing and its description is simply gone.
          (error: unknown) => {
            if (error instanceof ClusterNotFound) return undefined;
            throw error;
          },
        ),
      ),
    );
    return described.filter((nodegroup): nodegroup is Nodegroup => nodegroup !== undefined);
  }

  private client(region: string, credential: AwsCredential): RegionalClient {
    requireCredentialType('eks', credential, CREDENTIAL_TYPES_OF_PROVIDER.eks);
    return this.clients.get(`${region}|${fingerprint(credential)}`, () => {
      const credentials = awsCredentialProvider(credential, {
        region,
        stsEndpoint: this.settings.stsEndpoint,
        now: this.runtime.now,
      });
      // One attempt per SDK call: retries belong to the injected policy, so they are counted once.
      return {
        eks: new EKSClient({ region, endpoint: this.settings.endpoint, credentials, maxAttempts: 1 }),
        credentials,
      };
    });
  }
}
