import type { Server as MySqlServer } from '@azure/arm-mysql-flexible';
import type { Server as PostgresServer } from '@azure/arm-postgresql-flexible';
import type { RedisResource } from '@azure/arm-rediscache';
import type { SBNamespace, SBQueue } from '@azure/arm-servicebus';
import type { StorageAccount } from '@azure/arm-storage';
import type { ManagedServiceFacts, ServiceState } from '../managed-services';

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
    cloud: 'azure',
    nativeId: server.id ?? '',
    product,
    serviceClass: postgres ? 'postgresql' : 'mysql',
    name: server.name ?? '',
    region: normaliseRegion(server.location),
    ...(server.fullyQualifiedDomainName
      ? { endpoint: { host: server.fullyQualifiedDomainName, port: postgres ? 5432 : 3306 } }
      : {}),
    ...(server.version ? { engine: `${postgres ? 'postgres' : 'mysql'} ${server.version}${minor}` } : {}),
    state: stateOf(server.state),
    cloudState: server.state ?? '',
    tags: { ...(server.tags ?? {}) },
    ...(source ? { replicaOf: source } : {}),
  };
}

/** Clients connect over TLS on `sslPort`; the non-TLS `port` only when the cache enables it. */
export function describeRedisCache(cache: RedisResource): ManagedServiceFacts {
  const port = cache.enableNonSslPort ? cache.port : cache.sslPort;
  return {
    cloud: 'azure',
    nativeId: cache.id ?? '',
    product: 'azure-cache-redis',
    serviceClass: 'redis',
    name: cache.name ?? '',
    region: normaliseRegion(cache.location),
    ...(cache.hostName ? { endpoint: { host: cache.hostName, ...(port ? { port } : {}) } } : {}),
    ...(cache.redisVersion ? { engine: `redis ${cache.redisVersion}` } : {}),
    state: stateOf(cache.provisioningState),
    cloudState: cache.provisioningState ?? '',
    tags: { ...(cache.tags ?? {}) },
  };
}

/** A storage account's binding address is its primary blob endpoint. */
export function describeStorageAccount(account: StorageAccount): ManagedServiceFacts {
  const blob = account.primaryEndpoints?.blob;
  return {
    cloud: 'azure',
    nativeId: account.id ?? '',
    product: 'azure-storage-account',
    serviceClass: 'object-storage',
    name: account.name ?? '',
    region: normaliseRegion(account.location),
    ...(blob ? { uri: blob } : {}),
    state: stateOf(account.provisioningState),
    cloudState: account.provisioningState ?? '',
    tags: { ...(account.tags ?? {}) },
  };
}

export function describeServiceBusNamespace(namespace: SBNamespace): ManagedServiceFacts {
  return {
    cloud: 'azure',
    nativeId: namespace.id ?? '',
    product: 'azure-servicebus-namespace',
    serviceClass: 'queue',
    name: namespace.name ?? '',
    region: normaliseRegion(namespace.location),
    ...namespaceAddress(namespace),
    state: stateOf(namespace.provisioningState),
    cloudState: namespace.provisioningState ?? '',
    tags: { ...(namespace.tags ?? {}) },
  };
}

/** A queue lives in its namespace's region and is reached at its namespace's endpoint. */
export function describeServiceBusQueue(queue: SBQueue, namespace: SBNamespace): ManagedServiceFacts {
  return {
    cloud: 'azure',
    nativeId: queue.id ?? '',
    product: 'azure-servicebus-queue',
    serviceClass: 'queue',
    name: queue.name ?? '',
    region: normaliseRegion(namespace.location),
    ...namespaceAddress(namespace),
    state: stateOf(queue.status),
    cloudState: queue.status ?? '',
    tags: {},
  };
}

/** `serviceBusEndpoint` is a URL (`https://ns.servicebus.windows.net:443/`); clients speak AMQP to its host. */
function namespaceAddress(namespace: SBNamespace): Pick<ManagedServiceFacts, 'endpoint' | 'uri'> {
  if (!namespace.serviceBusEndpoint) return {};
  const url = new URL(namespace.serviceBusEndpoint);
  return { uri: namespace.serviceBusEndpoint, endpoint: { host: url.hostname } };
}
