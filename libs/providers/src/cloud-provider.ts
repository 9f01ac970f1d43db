import type { KubeConfig } from '@kubernetes/client-node';
import type {
  AwsCredential,
  AzureCredential,
  GcpCredential,
  KubeconfigTextCredential,
  SandboxCredential,
} from './credentials';

/** Where a cluster lives, in each cloud's own coordinates. Plain data, safe to store and log. */
export interface EksClusterRef {
  provider: 'eks';
  region: string;
  name: string;
}

export interface GkeClusterRef {
  provider: 'gke';
  projectId: string;
  /** A region (regional cluster) or a zone (zonal cluster), exactly as GKE names it. */
  location: string;
  name: string;
}

export interface AksClusterRef {
  provider: 'aks';
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

export interface KubeconfigClusterRef {
  provider: 'kubeconfig';
  /** The kubeconfig context that selects the cluster and user. */
  context: string;
}

export interface SandboxClusterRef {
  provider: 'sandbox';
  /** The sandbox cluster name; with a directory credential it selects `DIR/<name>.kubeconfig`. */
  name: string;
  /** Labels the sandbox was started with (e.g. `cloud`, `region`); reported as the cluster's tags. */
  labels?: Readonly<Record<string, string>>;
}

/** Where to look for clusters: an account (given by the credential), a project or a subscription. */
export interface EksDiscoveryScope {
  provider: 'eks';
  /** Regions to sweep; when absent, the adapter's configured regions. */
  regions?: readonly string[];
}

export interface GkeDiscoveryScope {
  provider: 'gke';
  projectId: string;
  /** A region or zone; when absent, every location (`-`). */
  location?: string;
}

export interface AksDiscoveryScope {
  provider: 'aks';
  subscriptionId: string;
  /** Narrows the listing to one resource group. */
  resourceGroup?: string;
  /** Keeps only clusters in this Azure region (e.g. `westeurope`). */
  region?: string;
}

/** Every context of the kubeconfig credential. */
export interface KubeconfigDiscoveryScope {
  provider: 'kubeconfig';
}

/** Every kubeconfig the sandbox credential points at. */
export interface SandboxDiscoveryScope {
  provider: 'sandbox';
}

/** The per-provider shapes, so that a reference, a scope and a credential of different clouds never mix. */
export interface ProviderShapes {
  eks: { ref: EksClusterRef; scope: EksDiscoveryScope; credential: AwsCredential };
  gke: { ref: GkeClusterRef; scope: GkeDiscoveryScope; credential: GcpCredential };
  aks: { ref: AksClusterRef; scope: AksDiscoveryScope; credential: AzureCredential };
  kubeconfig: { ref: KubeconfigClusterRef; scope: KubeconfigDiscoveryScope; credential: KubeconfigTextCredential };
  sandbox: { ref: SandboxClusterRef; scope: SandboxDiscoveryScope; credential: SandboxCredential };
}

export type ProviderKind = keyof ProviderShapes;
export const PROVIDER_KINDS: readonly ProviderKind[] = ['eks', 'gke', 'aks', 'kubeconfig', 'sandbox'];

export type ClusterRefOf<K extends ProviderKind> = ProviderShapes[K]['ref'];
export type DiscoveryScopeOf<K extends ProviderKind> = ProviderShapes[K]['scope'];
export type CredentialOf<K extends ProviderKind> = ProviderShapes[K]['credential'];
export type ClusterRef = ClusterRefOf<ProviderKind>;
export type DiscoveryScope = DiscoveryScopeOf<ProviderKind>;

/**
 * A cluster's lifecycle state, the same words for every cloud. The cloud's own word is kept
 * beside it (`cloudStatus`) because operators search the cloud's console for that one.
 */
export type ClusterStatus =
  'provisioning' | 'running' | 'updating' | 'degraded' | 'stopping' | 'stopped' | 'deleting' | 'failed' | 'unknown';

export interface NodePoolSize {
  /** Nodes the cloud is asked to run now. */
  desired: number;
  /** Autoscaling bounds, when the pool autoscales. */
  min?: number;
  max?: number;
}

export interface NodePool {
  name: string;
  /** Machine types (EKS may mix several; GKE and AKS have one). */
  instanceTypes: string[];
  size: NodePoolSize;
  zones: string[];
  kubernetesVersion?: string;
  status: ClusterStatus;
  cloudStatus: string;
  /** Kubernetes labels the cloud puts on the pool's nodes. */
  nodeLabels: Record<string, string>;
}

export interface ClusterDescription<K extends ProviderKind = ProviderKind> {
  ref: ClusterRefOf<K>;
  /** The cloud's own id of the cluster as its describe call returns it (EKS ARN, GKE self link, AKS resource id). */
  cloudId?: string;
  /** The Kubernetes API server URL (`https://...`). */
  endpoint: string;
  /**
   * The API server's CA bundle as PEM, when the cloud's describe call returns it (EKS, GKE, and
   * the kubeconfig-based providers). AKS publishes it only inside the user kubeconfig: absent there.
   */
  certificateAuthority?: string;
  kubernetesVersion: string;
  status: ClusterStatus;
  /** The cloud's own status string, unchanged (`ACTIVE`, `RUNNING`, `Succeeded`, ...). */
  cloudStatus: string;
  region: string;
  zones: string[];
  nodePools: NodePool[];
  /** Cloud tags (AWS, Azure) or resource labels (GCP). */
  tags: Record<string, string>;
  createdAt?: Date;
}

export interface DiscoveredCluster<K extends ProviderKind = ProviderKind> {
  ref: ClusterRefOf<K>;
  region: string;
}

/** Short-lived access to a cluster's Kubernetes API. */
export interface ClusterAccess {
  kubeConfig: KubeConfig;
  /** When the credential inside stops working; `null` for material without an expiry (static kubeconfigs). */
  expiresAt: Date | null;
}

export interface HealthIssue {
  /** The cloud's own code for the issue when it has one (e.g. EKS `Ec2SubnetNotFound`), else a short word. */
  code: string;
  message: string;
}

/** What the cloud says about a cluster (for kubeconfig and sandbox clusters: what the API server says). */
export interface CloudHealth {
  /** True when the cloud reports the cluster serving and reports no issue. */
  healthy: boolean;
  status: ClusterStatus;
  cloudStatus: string;
  issues: HealthIssue[];
  checkedAt: Date;
  /** Wall time of the check, retries included. */
  latencyMs: number;
}

export interface CallOptions {
  /** Abandons the call (and its retries); the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * One cloud's clusters behind one shape. Implementations are stateless apart from caches of
 * SDK clients and cloud credentials; every method may be called concurrently.
 *
 * Failure contract shared by every method: a rejected promise always carries a
 * {@link ProviderError} (see `errors.ts`), never a raw SDK error. Throttling and 5xx answers
 * have already been retried with backoff when the error surfaces, so a `Throttled` or
 * `CloudUnavailable` means "gave up for now, try again later", not "try again immediately".
 */
export interface CloudProvider<K extends ProviderKind = ProviderKind> {
  readonly kind: K;

  /**
   * Lists the clusters visible in a scope (account, project or subscription), optionally per region.
   *
   * Fails with `CredentialInvalid` when the cloud refuses the credential (unknown, expired,
   * revoked keys), `PermissionDenied` when the identity is known but may not list clusters,
   * `Throttled`/`CloudUnavailable` after retries, `InvalidRequest` when the scope or credential
   * is malformed (nothing was sent to the cloud then). An empty list is a success: the scope
   * holds no cluster.
   */
  discover(
    scope: DiscoveryScopeOf<K>,
    credential: CredentialOf<K>,
    options?: CallOptions,
  ): Promise<DiscoveredCluster<K>[]>;

  /**
   * Describes one cluster: endpoint, CA, version, status, location, node pools and tags.
   *
   * Fails with `ClusterNotFound` (carrying the cloud's error code and message) when the cloud
   * says the cluster does not exist, and otherwise as {@link discover}. A cluster that exists
   * but is broken is a success with a `failed`/`degraded` status.
   */
  describe(ref: ClusterRefOf<K>, credential: CredentialOf<K>, options?: CallOptions): Promise<ClusterDescription<K>>;

  /**
   * Produces fresh, short-lived access to the cluster's Kubernetes API. Not cached here: use
   * `CloudProviders.access`, which caches and refreshes before `expiresAt`.
   *
   * Fails with `CredentialInvalid` when the cloud refuses to mint the token or kubeconfig,
   * `ClusterNotFound` when the cluster is gone, and otherwise as {@link describe}. Success means
   * the cloud issued the material, not that the Kubernetes API accepts it: that is for the caller
   * to find out on first use.
   */
  issueAccess(ref: ClusterRefOf<K>, credential: CredentialOf<K>, options?: CallOptions): Promise<ClusterAccess>;

  /**
   * Reports cloud-side health: the cloud's status and the issues it lists for the cluster.
   * For kubeconfig and sandbox clusters, which have no cloud, it asks the API server's
   * `/readyz` (falling back to `/version`).
   *
   * Resolves with `healthy: false` when the cloud answers that the cluster is unwell. Rejects
   * only when the question could not be asked: `ClusterNotFound`, `CredentialInvalid`,
   * `PermissionDenied`, `Throttled`, or `CloudUnavailable` (for kubeconfig and sandbox clusters,
   * also when the API server cannot be reached at all).
   */
  checkHealth(ref: ClusterRefOf<K>, credential: CredentialOf<K>, options?: CallOptions): Promise<CloudHealth>;

  /**
   * The cluster's identity in its cloud, normalised so that two descriptions of one cluster give the
   * same string however it was referred to (EKS ARN, GKE `projects/P/locations/L/clusters/N`, AKS
   * resource id in lower case, the API server URL for kubeconfig clusters). Pure: no call is made.
   *
   * Returns `null` when the description cannot tell the cluster apart from another one; a `null`
   * never equals another registration's identity. Never throws.
   */
  cloudIdentity(description: ClusterDescription<K>): string | null;
}
