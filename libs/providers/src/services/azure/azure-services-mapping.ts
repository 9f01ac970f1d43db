import type { Server as MySqlServer } from '@azure/arm-mysql-flexible';
import type { Server as PostgresServer } from '@azure/arm-postgresql-flexible';
import type { RedisResource } from '@azure/arm-rediscache';
import type { Secret as KeyVaultSecret } from '@azure/arm-keyvault' with { 'resolution-mode': 'import' };
import type { SBNamespace, SBQueue } from '@azure/arm-servicebus';
import type { StorageAccount } from '@azure/arm-storage';
import type { ManagedServiceFacts, ServiceClassName, ServiceProductOf, ServiceState } from '../managed-services';

/**
 * The words Azure's resource providers use for a resource's lifecycle: ARM `provisioningState`s
 * (Redis, Storage, Service Bus), the flexible servers' `state` and Service Bus entity `status`.
 */
const AZURE_STATE: Record<string, ServiceState> = {
  succeeded: 'available',
  ready: 'available',
  active: 'available',
  created: 'available',
  creating: 'creating',
  provisioning: 'creating',
  resolvingdns: 'creating',
  updating: 'updating',
  scaling: 'updating',
  linking: 'updating',
  unlinking: 'updating',
  starting: 'updating',
  restarting: 'updating',
  migrating: 'updating',
  recoveringscalefailure: 'updating',
  configuringaad: 'updating',
  restoring: 'updating',
  renaming: 'updating',
  deleting: 'deleting',
  dropping: 'deleting',
  unprovisioning: 'deleting',
  stopping: 'stopped',
  stopped: 'stopped',
  disabled: 'stopped',
  enabled: 'available',
  failed: 'failed',
  inaccessible: 'failed',
};

function stateOf(cloudState: string | undefined): ServiceState {
  return AZURE_STATE[(cloudState ?? '').toLowerCase()] ?? 'unknown';
}

/** "East US" and "eastus" name the same region; ARM answers with either. */
export function normaliseRegion(location: string | undefined): string {
  return (location ?? '').replace(/\s+/g, '').toLowerCase();
}

/** Replicas name their source; a primary (or a server with no replication) names none. */
function replicaOf(server: { replicationRole?: string; sourceServerResourceId?: string }): string | undefined {
  const role = (server.replicationRole ?? '').toLowerCase();
  return role && role !== 'none' && role !== 'primary' && server.sourceServerResourceId
    ? server.sourceServerResourceId
    : undefined;
}

/** Both flexible servers listen on their engine's port only (PostgreSQL 5432, MySQL 3306). */
export function describeFlexibleServer(
  product: 'azure-postgresql-flexible' | 'azure-mysql-flexible',
  server: PostgresServer | MySqlServer,
): ManagedServiceFacts {
  const postgres = product === 'azure-postgresql-flexible';
  const minor = 'minorVersion' in server && server.minorVersion ? `.${server.minorVersion}` : '';
  const source = replicaOf(server);
  return {
    ...armFacts(server, product, postgres ? 'postgresql' : 'mysql', server.state),
    ...(server.fullyQualifiedDomainName
      ? { endpoint: { host: server.fullyQualifiedDomainName, port: postgres ? 5432 : 3306 } }
      : {}),
    ...(server.version ? { engine: `${postgres ? 'postgres' : 'mysql'} ${server.version}${minor}` } : {}),
    ...(source ? { replicaOf: source } : {}),
  };
}

/** Clients connect over TLS on `sslPort`; the non-TLS `port` only when the cache enables it. */
export function describeRedisCache(cache: RedisResource): ManagedServiceFacts {
  const port = cache.enableNonSslPort ? cache.port : cache.sslPort;
  return {
    ...armFacts(cache, 'azure-cache-redis', 'redis', cache.provisioningState),
    ...(cache.hostName ? { endpoint: { host: cache.hostName, ...(port ? { port } : {}) } } : {}),
    ...(cache.redisVersion ? { engine: `redis ${cache.redisVersion}` } : {}),
  };
}

/** A storage account's binding address is its primary blob endpoint. */
export function describeStorageAccount(account: StorageAccount): ManagedServiceFacts {
  const blob = account.primaryEndpoints?.blob;
  return {
    ...armFacts(account, 'azure-storage-account', 'object-storage', account.provisioningState),
    ...(blob ? { uri: blob } : {}),
  };
}

export function describeServiceBusNamespace(namespace: SBNamespace): ManagedServiceFacts {
  return {
    ...armFacts(namespace, 'azure-servicebus-namespace', 'queue', namespace.provisioningState),
    ...namespaceAddress(namespace),
  };
}

/** A queue lives in its namespace's region and is reached at its namespace's endpoint; it has no tags. */
export function describeServiceBusQueue(queue: SBQueue, namespace: SBNamespace): ManagedServiceFacts {
  return {
    ...armFacts({ ...queue, location: namespace.location }, 'azure-servicebus-queue', 'queue', queue.status),
    ...namespaceAddress(namespace),
  };
}

/**
 * A Key Vault secret as ARM describes it: metadata only, never its value (ARM's Secrets_Get omits it). A
 * secret is usable while `attributes.enabled`; its address is `secretUri`, the current version's URI.
 */
export function describeKeyVaultSecret(secret: KeyVaultSecret): ManagedServiceFacts {
  const cloudState = secret.properties.attributes?.enabled === false ? 'Disabled' : 'Enabled';
  return {
    ...armFacts(secret, 'key-vault-secret', 'secret', cloudState),
    ...(secret.properties.secretUri ? { uri: secret.properties.secretUri } : {}),
  };
}

/** What every ARM resource says the same way: its id, name, region and tags, and its lifecycle word. */
function armFacts(
  resource: { id?: string; name?: string; location?: string; tags?: Record<string, string> },
  product: ServiceProductOf<'azure'>,
  serviceClass: ServiceClassName,
  cloudState: string | undefined,
): ManagedServiceFacts {
  return {
    cloud: 'azure',
    nativeId: resource.id ?? '',
    product,
    serviceClass,
    name: resource.name ?? '',
    region: normaliseRegion(resource.location),
    state: stateOf(cloudState),
    cloudState: cloudState ?? '',
    tags: { ...(resource.tags ?? {}) },
  };
}

/** `serviceBusEndpoint` is a URL (`https://ns.servicebus.windows.net:443/`); clients speak AMQP to its host. */
function namespaceAddress(namespace: SBNamespace): Pick<ManagedServiceFacts, 'endpoint' | 'uri'> {
  if (!namespace.serviceBusEndpoint) return {};
  const url = new URL(namespace.serviceBusEndpoint);
  return { uri: namespace.serviceBusEndpoint, endpoint: { host: url.hostname } };
}
