import type { AwsCredential, AzureCredential, GcpCredential } from '../credentials';

/**
 * The seam between managed-service bindings and the clouds: one adapter per cloud reads its managed
 * services (databases, caches, buckets, queues, secrets) by native id, lists them in an account, project or
 * subscription, and reads a secret a binding's credential refers to. Read-only: nothing here creates,
 * changes or deletes a cloud resource. Every failure is a `ProviderError` (`ResourceNotFound` when the
 * native id names nothing), translated at the adapter as the cluster adapters do.
 */

export type ServiceCloud = 'aws' | 'gcp' | 'azure';
export const SERVICE_CLOUDS: readonly ServiceCloud[] = ['aws', 'gcp', 'azure'];

/** The abstract kinds an application asks for; each cloud maps them onto its own products. */
export type ServiceClassName = 'postgresql' | 'mysql' | 'redis' | 'object-storage' | 'queue' | 'secret';
export const SERVICE_CLASS_NAMES: readonly ServiceClassName[] = [
  'postgresql',
  'mysql',
  'redis',
  'object-storage',
  'queue',
  'secret',
];

/**
 * Every product the adapters read, by cloud: the one list both the adapters (`ManagedServiceFacts.product`)
 * and the bindings catalogue are typed by, so a product name misspelt on either side does not compile.
 */
export const SERVICE_PRODUCTS = {
  aws: [
    'rds-instance',
    'aurora-cluster',
    'elasticache-replication-group',
    's3-bucket',
    'sqs-queue',
    'secretsmanager-secret',
  ],
  gcp: [
    'cloudsql-instance',
    'memorystore-redis',
    'gcs-bucket',
    'pubsub-topic',
    'pubsub-subscription',
    'secret-manager-secret',
  ],
  azure: [
    'azure-postgresql-flexible',
    'azure-mysql-flexible',
    'azure-cache-redis',
    'azure-storage-account',
    'azure-servicebus-namespace',
    'azure-servicebus-queue',
    'key-vault-secret',
  ],
} as const satisfies { readonly [C in ServiceCloud]: readonly string[] };

export type ServiceProductOf<C extends ServiceCloud> = (typeof SERVICE_PRODUCTS)[C][number];
export type ServiceProductName = ServiceProductOf<ServiceCloud>;

/** A managed service's lifecycle, the same words for every cloud; the cloud's own word stays in `cloudState`. */
export type ServiceState = 'available' | 'creating' | 'updating' | 'stopped' | 'failed' | 'deleting' | 'unknown';

export interface ServiceCredentialShapes {
  aws: AwsCredential;
  gcp: GcpCredential;
  azure: AzureCredential;
}
export type ServiceCredentialOf<C extends ServiceCloud> = ServiceCredentialShapes[C];

/** What a cloud says about one managed service. Plain data: safe to store, log and show (no secret in it). */
export interface ManagedServiceFacts {
  cloud: ServiceCloud;
  /** ARN, `projects/.../instances/...` or Azure resource id, exactly as the cloud spells it. */
  nativeId: string;
  /** The cloud product, one of {@link SERVICE_PRODUCTS}. */
  product: ServiceProductName;
  serviceClass: ServiceClassName;
  /** The cloud's short name of the resource. */
  name: string;
  /** The cloud's region (`eu-west-1`, `europe-west1`, `westeurope`); `global` for global resources. */
  region: string;
  /** Where clients connect; absent while the cloud has not assigned one. */
  endpoint?: { host: string; port?: number };
  /** A URL-shaped address where the product has one instead of host and port (SQS queue URL, blob endpoint). */
  uri?: string;
  /** Database engine and version where the product has one (`postgres 16.3`). */
  engine?: string;
  state: ServiceState;
  cloudState: string;
  tags: Record<string, string>;
  /** The native id of the service this one replicates, when the cloud reports a replica relation. */
  replicaOf?: string;
}

/** A secret's current value as the cloud's secret store holds it; the fields of a JSON secret, or `value`. */
export interface SecretReading {
  /** Field name to value. A secret whose value is not a JSON object is one field, `value`. */
  fields: Record<string, string>;
  /** The store's own version id, recorded with the binding revision that used it. */
  version: string;
}

export interface ServiceDiscoveryScopes {
  /** An AWS account: the credential's; `regions` to sweep, else the adapter's configured ones. */
  aws: { regions?: readonly string[] };
  gcp: { projectId: string };
  azure: { subscriptionId: string; resourceGroup?: string };
}
export type ServiceDiscoveryScopeOf<C extends ServiceCloud> = ServiceDiscoveryScopes[C];

export interface ManagedServiceCallOptions {
  signal?: AbortSignal;
}

export interface ManagedServicesAdapter<C extends ServiceCloud> {
  readonly cloud: C;
  /** One service by its native id; `ResourceNotFound` when the cloud has none by that id. */
  describe(
    nativeId: string,
    credential: ServiceCredentialOf<C>,
    options?: ManagedServiceCallOptions,
  ): Promise<ManagedServiceFacts>;
  /** Every service of every supported product in the scope, for bulk import. */
  discover(
    scope: ServiceDiscoveryScopeOf<C>,
    credential: ServiceCredentialOf<C>,
    options?: ManagedServiceCallOptions,
  ): Promise<ManagedServiceFacts[]>;
  /**
   * The current value of a secret in the cloud's own store: a Secrets Manager ARN, a Secret Manager
   * version (`projects/p/secrets/s/versions/latest`), or a Key Vault secret URI. `ResourceNotFound` when absent.
   */
  readSecret(
    reference: string,
    credential: ServiceCredentialOf<C>,
    options?: ManagedServiceCallOptions,
  ): Promise<SecretReading>;
}
