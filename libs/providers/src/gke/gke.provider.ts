import { ClusterManagerClient, protos } from '@google-cloud/container';
import { credentials as grpcCredentials } from '@grpc/grpc-js';
import { Inject, Injectable } from '@nestjs/common';
import type { GoogleAuth } from 'google-auth-library';
import type {
  CallOptions,
  ClusterAccess,
  ClusterDescription,
  CloudHealth,
  CloudProvider,
  DiscoveredCluster,
  GkeClusterRef,
  GkeDiscoveryScope,
} from '../cloud-provider';
import { callCloud } from '../cloud-call';
import { ClientCache } from '../client-cache';
import { requireCredentialType } from '../credential-guard';
import { CREDENTIAL_TYPES_OF_PROVIDER } from '../credential-types';
import type { GcpCredential } from '../credentials';
import { CloudUnavailable, CredentialInvalid, InvalidRequest } from '../errors';
import { fingerprint } from '../fingerprint';
import { tokenKubeConfig } from '../kube/token-kubeconfig';
import type { ProviderRuntime, ProvidersOptions } from '../providers-options';
import { resolveRuntime } from '../providers-options';
import { PROVIDERS_OPTIONS } from '../tokens';
import { authenticateFirst, defaultGoogleAuth } from './gcp-auth';
import type { GkeOptions } from './gke.options';
import { translateGoogleError } from './gke-errors';
import {
  describeGkeCluster,
  gkeCloudIdentity,
  gkeClusterStatus,
  gkeHealthIssues,
  regionOfLocation,
} from './gke-mapping';

/** When google-auth-library does not say how long a token lives, assume no more than this. */
const UNKNOWN_TOKEN_LIFETIME_MS = 5 * 60_000;
/** Retries belong to the injected policy: the SDK's own per-method retry settings are switched off. */
const NO_SDK_RETRY = { retry: { retryCodes: [] } };

interface ProjectClient {
  clusters: ClusterManagerClient;
  auth: GoogleAuth;
}

/** Google GKE through `@google-cloud/container`; Kubernetes access with an OAuth2 access token. */
@Injectable()
export class GkeProvider implements CloudProvider<'gke'> {
  readonly kind = 'gke';
  private readonly runtime: ProviderRuntime;
  private readonly settings: GkeOptions;
  private readonly clients = new ClientCache<ProjectClient>();

  constructor(@Inject(PROVIDERS_OPTIONS) options: ProvidersOptions) {
    this.runtime = resolveRuntime(options);
    this.settings = options.gke ?? {};
  }

  async discover(
    scope: GkeDiscoveryScope,
    credential: GcpCredential,
    options?: CallOptions,
  ): Promise<DiscoveredCluster<'gke'>[]> {
    const { clusters, auth } = this.client(credential);
    const parent = `projects/${scope.projectId}/locations/${scope.location ?? '-'}`;
    const [response] = await callCloud(
      this.runtime.retryPolicy,
      translateGoogleError,
      async () => {
        await authenticateFirst(auth);
        return clusters.listClusters({ parent }, NO_SDK_RETRY);
      },
      options?.signal,
    );
    if (response.missingZones?.length) {
      // A partial listing must not pass for a complete one: an import would miss clusters silently.
      throw new CloudUnavailable(`GKE could not list every zone: ${response.missingZones.join(', ')}`, {
        provider: 'gke',
        cloudCode: 'MISSING_ZONES',
        cloudMessage: response.missingZones.join(', '),
      });
    }
    return (response.clusters ?? []).map((cluster) => {
      const location = cluster.location ?? '';
      return {
        ref: { provider: 'gke', projectId: scope.projectId, location, name: cluster.name ?? '' },
        region: regionOfLocation(location),
      };
    });
  }

  async describe(
    ref: GkeClusterRef,
    credential: GcpCredential,
    options?: CallOptions,
  ): Promise<ClusterDescription<'gke'>> {
    return describeGkeCluster(ref, await this.getCluster(ref, credential, options));
  }

  async issueAccess(ref: GkeClusterRef, credential: GcpCredential, options?: CallOptions): Promise<ClusterAccess> {
    const cluster = await this.getCluster(ref, credential, options);
    const caBase64 = cluster.masterAuth?.clusterCaCertificate;
    if (!cluster.endpoint || !caBase64) {
      throw new InvalidRequest(`GKE cluster ${ref.name} has no endpoint or CA yet`, { provider: 'gke' });
    }
    const { auth } = this.client(credential);
    const { token, expiresAt } = await callCloud(
      this.runtime.retryPolicy,
      translateGoogleError,
      async () => {
        const client = await auth.getClient();
        const { token } = await client.getAccessToken();
        const expiry = client.credentials.expiry_date;
        return { token, expiresAt: new Date(expiry ?? this.runtime.now().getTime() + UNKNOWN_TOKEN_LIFETIME_MS) };
      },
      options?.signal,
    );
    if (!token) throw new CredentialInvalid('google-auth-library returned no access token', { provider: 'gke' });
    const kubeConfig = tokenKubeConfig({
      name: `gke_${ref.projectId}_${ref.location}_${ref.name}`,
      server: `https://${cluster.endpoint}`,
      caBase64,
      bearerToken: token,
    });
    return { kubeConfig, expiresAt };
  }

  cloudIdentity(description: ClusterDescription<'gke'>): string {
    return gkeCloudIdentity(description);
  }

  async checkHealth(ref: GkeClusterRef, credential: GcpCredential, options?: CallOptions): Promise<CloudHealth> {
    const started = Date.now();
    const cluster = await this.getCluster(ref, credential, options);
    const { status, cloudStatus } = gkeClusterStatus(cluster);
    const issues = gkeHealthIssues(cluster);
    return {
      healthy: status === 'running' && issues.length === 0,
      status,
      cloudStatus,
      issues,
      checkedAt: this.runtime.now(),
      latencyMs: Date.now() - started,
    };
  }

  private async getCluster(
    ref: GkeClusterRef,
    credential: GcpCredential,
    options?: CallOptions,
  ): Promise<protos.google.container.v1.ICluster> {
    const { clusters, auth } = this.client(credential);
    const name = `projects/${ref.projectId}/locations/${ref.location}/clusters/${ref.name}`;
    const [cluster] = await callCloud(
      this.runtime.retryPolicy,
      translateGoogleError,
      async () => {
        await authenticateFirst(auth);
        return clusters.getCluster({ name }, NO_SDK_RETRY);
      },
      options?.signal,
    );
    return cluster;
  }

  private client(credential: GcpCredential): ProjectClient {
    requireCredentialType('gke', credential, CREDENTIAL_TYPES_OF_PROVIDER.gke);
    return this.clients.get(fingerprint(credential), () => {
      const auth = (this.settings.googleAuthFor ?? defaultGoogleAuth)(credential);
      const rest = this.settings.transport === 'rest';
      const clusters = new ClusterManagerClient({
        // package.json pins google-auth-library to the exact version google-gax depends on, so there is
        // one copy of it and our GoogleAuth is the very class the client expects.
        auth,
        apiEndpoint: this.settings.apiEndpoint,
        port: this.settings.port,
        fallback: rest ? 'rest' : false,
        ...(this.settings.plaintext
          ? rest
            ? { protocol: 'http' }
            : { sslCreds: grpcCredentials.createInsecure() }
          : {}),
      });
      return { clusters, auth };
    });
  }
}
