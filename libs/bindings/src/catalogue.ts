import type { ServiceClassName, ServiceCloud, ServiceProductOf } from '@fleetplane/providers';

/** A cloud product that serves a class, with the `provider` entry its binding Secrets carry. */
export interface ServiceProduct<C extends ServiceCloud = ServiceCloud> {
  /** As the adapters report it in `ManagedServiceFacts.product`: a name of the shared list. */
  product: ServiceProductOf<C>;
  provider: string;
}

/**
 * What a binding to one class projects. `entries` are the Secret entries, in order, each from the
 * instance's description, the credential, or the class's defaults. `credential` says which credential
 * fields the class needs: a credential reference is checked for them at registration, so a Secret
 * without its password is refused then rather than found by a crash-looping pod.
 */
export interface ServiceClassDefinition {
  name: ServiceClassName;
  /** The `type` entry, and the Secret's type `servicebinding.io/<type>`. */
  bindingType: string;
  products: { readonly [C in ServiceCloud]: readonly ServiceProduct<C>[] };
  entries: readonly string[];
  credential: {
    /** No binding of the class may go without these fields. */
    required: readonly string[];
    /** Projected when the credential has them. */
    optional: readonly string[];
  };
  /** The URI scheme of the `uri` entry where the class composes one from host and port. */
  uriScheme?: string;
  /** Entries with a fixed value unless the credential says otherwise (`sslmode`). */
  defaults?: Readonly<Record<string, string>>;
}

/** Credential field names clouds use for a well-known entry (RDS-managed secrets say `dbname`). */
export const CREDENTIAL_FIELD_ALIASES: Readonly<Record<string, string>> = { dbname: 'database', user: 'username' };

export const SERVICE_CLASSES: { readonly [K in ServiceClassName]: ServiceClassDefinition } = {
  postgresql: {
    name: 'postgresql',
    bindingType: 'postgresql',
    products: {
      aws: [
        { product: 'rds-instance', provider: 'amazon-rds' },
        { product: 'aurora-cluster', provider: 'amazon-aurora' },
      ],
      gcp: [{ product: 'cloudsql-instance', provider: 'google-cloud-sql' }],
      azure: [{ product: 'azure-postgresql-flexible', provider: 'azure-database-for-postgresql' }],
    },
    entries: ['host', 'port', 'database', 'username', 'password', 'uri', 'sslmode'],
    credential: { required: ['username', 'password'], optional: ['database'] },
    uriScheme: 'postgresql',
    defaults: { database: 'postgres', sslmode: 'require' },
  },
  mysql: {
    name: 'mysql',
    bindingType: 'mysql',
    products: {
      aws: [
        { product: 'rds-instance', provider: 'amazon-rds' },
        { product: 'aurora-cluster', provider: 'amazon-aurora' },
      ],
      gcp: [{ product: 'cloudsql-instance', provider: 'google-cloud-sql' }],
      azure: [{ product: 'azure-mysql-flexible', provider: 'azure-database-for-mysql' }],
    },
    entries: ['host', 'port', 'database', 'username', 'password', 'uri'],
    credential: { required: ['username', 'password'], optional: ['database'] },
    uriScheme: 'mysql',
  },
  redis: {
    name: 'redis',
    bindingType: 'redis',
    products: {
      aws: [{ product: 'elasticache-replication-group', provider: 'amazon-elasticache' }],
      gcp: [{ product: 'memorystore-redis', provider: 'google-memorystore' }],
      azure: [{ product: 'azure-cache-redis', provider: 'azure-cache-for-redis' }],
    },
    entries: ['host', 'port', 'password', 'uri'],
    credential: { required: [], optional: ['password'] },
    uriScheme: 'redis',
  },
  'object-storage': {
    name: 'object-storage',
    bindingType: 'object-storage',
    products: {
      aws: [{ product: 's3-bucket', provider: 'amazon-s3' }],
      gcp: [{ product: 'gcs-bucket', provider: 'google-cloud-storage' }],
      azure: [{ product: 'azure-storage-account', provider: 'azure-blob-storage' }],
    },
    entries: ['bucket', 'region', 'uri'],
    credential: { required: [], optional: [] },
  },
  queue: {
    name: 'queue',
    bindingType: 'queue',
    products: {
      aws: [{ product: 'sqs-queue', provider: 'amazon-sqs' }],
      gcp: [
        { product: 'pubsub-topic', provider: 'google-pubsub' },
        { product: 'pubsub-subscription', provider: 'google-pubsub' },
      ],
      azure: [
        { product: 'azure-servicebus-queue', provider: 'azure-service-bus' },
        { product: 'azure-servicebus-namespace', provider: 'azure-service-bus' },
      ],
    },
    entries: ['name', 'region', 'uri'],
    credential: { required: [], optional: [] },
  },
  secret: {
    name: 'secret',
    bindingType: 'secret',
    products: {
      aws: [{ product: 'secretsmanager-secret', provider: 'aws-secrets-manager' }],
      gcp: [{ product: 'secret-manager-secret', provider: 'google-secret-manager' }],
      azure: [{ product: 'key-vault-secret', provider: 'azure-key-vault' }],
    },
    // The secret's own fields are the entries: its credential is the secret itself.
    entries: [],
    credential: { required: [], optional: [] },
  },
};

/** The product definition of a class on a cloud, or `undefined` when that product does not serve the class. */
export function productOf(
  serviceClass: ServiceClassName,
  cloud: ServiceCloud,
  product: string,
): ServiceProduct | undefined {
  return SERVICE_CLASSES[serviceClass].products[cloud].find((candidate) => candidate.product === product);
}

/** Whether bindings of the class need a credential of their own (a stored one or a reference). */
export function needsCredential(serviceClass: ServiceClassName): boolean {
  return SERVICE_CLASSES[serviceClass].credential.required.length > 0;
}

/** The credential fields a class needs that `fieldNames` lacks (aliases count: `dbname` is `database`). */
export function missingCredentialFields(serviceClass: ServiceClassName, fieldNames: readonly string[]): string[] {
  const present = new Set(fieldNames.map((field) => CREDENTIAL_FIELD_ALIASES[field] ?? field));
  return SERVICE_CLASSES[serviceClass].credential.required.filter((field) => !present.has(field));
}
