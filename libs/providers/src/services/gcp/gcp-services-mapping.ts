import type { protos as pubsubProtos } from '@google-cloud/pubsub';
import type { protos as redisProtos } from '@google-cloud/redis';
import type { protos as sqlProtos } from '@google-cloud/sql';
// Typed like the `import()` that loads the SDK (see gcp-managed-services.ts).
import type { BucketMetadata } from '@google-cloud/storage' with { 'resolution-mode': 'import' };
import type { protos as secretProtos } from '@google-cloud/secret-manager';
import { regionOfLocation } from '../../gke/gke-mapping';
import type { ManagedServiceFacts, ServiceClassName, ServiceState } from '../managed-services';
import { bucketNativeId } from './gcp-native-ids';

type SqlInstance = sqlProtos.google.cloud.sql.v1.IDatabaseInstance;
type RedisInstance = redisProtos.google.cloud.redis.v1.IInstance;
type Topic = pubsubProtos.google.pubsub.v1.ITopic;
type Subscription = pubsubProtos.google.pubsub.v1.ISubscription;
type Secret = secretProtos.google.cloud.secretmanager.v1.ISecret;

/**
 * Names of the proto enums whose values may arrive as numbers. They are runtime values of the SDKs,
 * which load with the first client (see `GcpManagedServices`), so the tables travel with the clients.
 */
export interface GcpEnumNames {
  sqlInstanceState: Record<number, string>;
  sqlDatabaseVersion: Record<number, string>;
  sqlIpAddressType: Record<number, string>;
  redisState: Record<number, string>;
}

export function gcpEnumNames(sql: typeof sqlProtos, redis: typeof redisProtos): GcpEnumNames {
  return {
    sqlInstanceState: sql.google.cloud.sql.v1.DatabaseInstance.SqlInstanceState,
    sqlDatabaseVersion: sql.google.cloud.sql.v1.SqlDatabaseVersion,
    sqlIpAddressType: sql.google.cloud.sql.v1.SqlIpAddressType,
    redisState: redis.google.cloud.redis.v1.Instance.State,
  };
}

/** `DatabaseInstance.SqlInstanceState` of google/cloud/sql/v1/cloud_sql_instances.proto. */
const SQL_STATE: Record<string, ServiceState> = {
  RUNNABLE: 'available',
  SUSPENDED: 'stopped',
  PENDING_DELETE: 'deleting',
  PENDING_CREATE: 'creating',
  MAINTENANCE: 'updating',
  FAILED: 'failed',
  ONLINE_MAINTENANCE: 'updating',
  REPAIRING: 'updating',
};

/** `Instance.State` of google/cloud/redis/v1/cloud_redis.proto. */
const REDIS_STATE: Record<string, ServiceState> = {
  CREATING: 'creating',
  READY: 'available',
  UPDATING: 'updating',
  DELETING: 'deleting',
  REPAIRING: 'updating',
  MAINTENANCE: 'updating',
  IMPORTING: 'updating',
  FAILING_OVER: 'updating',
};

/**
 * Cloud SQL serves each engine on its fixed port (https://cloud.google.com/sql/docs/postgres/connect-overview,
 * https://cloud.google.com/sql/docs/mysql/connect-overview); the instance resource does not carry it.
 */
const SQL_PORTS: Record<'postgresql' | 'mysql', number> = { postgresql: 5432, mysql: 3306 };

/**
 * Enum values arrive as names over gRPC and may arrive as numbers over REST (the clients ask for
 * `enum-encoding=int`); both become the proto's name.
 */
function enumName(value: unknown, names: Record<number, string>, unspecified: string): string {
  if (typeof value === 'number') return names[value] ?? String(value);
  return typeof value === 'string' ? value : unspecified;
}

/** The service class of a Cloud SQL instance's engine; SQL Server has none. */
export function cloudSqlClass(instance: SqlInstance, names: GcpEnumNames): 'postgresql' | 'mysql' | undefined {
  const version = enumName(instance.databaseVersion, names.sqlDatabaseVersion, '');
  if (version.startsWith('POSTGRES_')) return 'postgresql';
  if (version.startsWith('MYSQL_')) return 'mysql';
  return undefined;
}

export function describeCloudSqlInstance(
  project: string,
  instance: SqlInstance,
  serviceClass: 'postgresql' | 'mysql',
  names: GcpEnumNames,
): ManagedServiceFacts {
  const name = instance.name ?? '';
  const cloudState = enumName(instance.state, names.sqlInstanceState, 'SQL_INSTANCE_STATE_UNSPECIFIED');
  const host = cloudSqlHost(instance, names);
  return {
    cloud: 'gcp',
    nativeId: `projects/${instance.project || project}/instances/${name}`,
    product: 'cloudsql-instance',
    serviceClass,
    name,
    region: instance.region ?? '',
    ...(host ? { endpoint: { host, port: SQL_PORTS[serviceClass] } } : {}),
    engine: engineOf(enumName(instance.databaseVersion, names.sqlDatabaseVersion, '')),
    state: SQL_STATE[cloudState] ?? 'unknown',
    cloudState,
    tags: { ...(instance.settings?.userLabels ?? {}) },
    ...(instance.masterInstanceName
      ? { replicaOf: cloudSqlInstanceId(instance.masterInstanceName, instance.project || project) }
      : {}),
  };
}

/**
 * The address every cloud can reach first (`PRIMARY`, the public IP), then the VPC's (`PRIVATE`),
 * then the Private Service Connect DNS name.
 */
function cloudSqlHost(instance: SqlInstance, names: GcpEnumNames): string | undefined {
  const byType = (type: string) =>
    instance.ipAddresses?.find((mapping) => enumName(mapping.type, names.sqlIpAddressType, '') === type)?.ipAddress;
  return byType('PRIMARY') || byType('PRIVATE') || instance.dnsName || undefined;
}

/** `masterInstanceName` is `project:instance` across projects and the bare name within one. */
function cloudSqlInstanceId(masterInstanceName: string, project: string): string {
  const [owner, name] = masterInstanceName.includes(':')
    ? masterInstanceName.split(':', 2)
    : [project, masterInstanceName];
  return `projects/${owner}/instances/${name}`;
}

/** `POSTGRES_16` -> `postgres 16`, `MYSQL_8_0_36` -> `mysql 8.0.36`, `REDIS_7_2` -> `redis 7.2`. */
function engineOf(version: string): string {
  const [engine, ...numbers] = version.split('_');
  return numbers.length ? `${engine.toLowerCase()} ${numbers.join('.')}` : engine.toLowerCase();
}

export function describeMemorystoreInstance(instance: RedisInstance, names: GcpEnumNames): ManagedServiceFacts {
  const nativeId = instance.name ?? '';
  const [, , , location = '', , name = ''] = nativeId.split('/');
  const cloudState = enumName(instance.state, names.redisState, 'STATE_UNSPECIFIED');
  return {
    cloud: 'gcp',
    nativeId,
    product: 'memorystore-redis',
    serviceClass: 'redis',
    name,
    region: regionOfLocation(location),
    ...(instance.host ? { endpoint: { host: instance.host, ...(instance.port ? { port: instance.port } : {}) } } : {}),
    ...(instance.redisVersion ? { engine: engineOf(instance.redisVersion) } : {}),
    state: REDIS_STATE[cloudState] ?? 'unknown',
    cloudState,
    tags: { ...(instance.labels ?? {}) },
  };
}

/** Buckets have no lifecycle state in the API: one that answers is available. */
export function describeBucket(bucket: BucketMetadata): ManagedServiceFacts {
  const name = bucket.name ?? '';
  return {
    cloud: 'gcp',
    nativeId: bucketNativeId(name),
    product: 'gcs-bucket',
    serviceClass: 'object-storage',
    name,
    region: (bucket.location ?? '').toLowerCase(),
    uri: `gs://${name}`,
    state: 'available',
    cloudState: '',
    tags: stringLabels(bucket.labels),
  };
}

/** Pub/Sub topics and subscriptions are global; their `state` only reports ingestion or delivery errors. */
export function describeTopic(topic: Topic): ManagedServiceFacts {
  return pubsubFacts('pubsub-topic', topic.name ?? '', topic.state, topic.labels);
}

export function describeSubscription(subscription: Subscription): ManagedServiceFacts {
  return pubsubFacts('pubsub-subscription', subscription.name ?? '', subscription.state, subscription.labels);
}

function pubsubFacts(
  product: 'pubsub-topic' | 'pubsub-subscription',
  nativeId: string,
  state: unknown,
  labels: Record<string, string> | null | undefined,
): ManagedServiceFacts {
  // Topic.State and Subscription.State share their numbering: 0 unspecified, 1 ACTIVE, 2 an error.
  const cloudState = enumName(state, PUBSUB_STATE_NAMES[product], 'STATE_UNSPECIFIED');
  return {
    cloud: 'gcp',
    nativeId,
    product,
    serviceClass: 'queue',
    name: nativeId.split('/').pop() ?? '',
    region: 'global',
    // A resource that reports no error state serves: STATE_UNSPECIFIED is what topics without ingestion show.
    state: cloudState === 'ACTIVE' || cloudState === 'STATE_UNSPECIFIED' ? 'available' : 'failed',
    cloudState,
    tags: { ...(labels ?? {}) },
  };
}

/** `Topic.State` and `Subscription.State` of google/pubsub/v1/pubsub.proto. */
const PUBSUB_STATE_NAMES: Record<'pubsub-topic' | 'pubsub-subscription', Record<number, string>> = {
  'pubsub-topic': { 0: 'STATE_UNSPECIFIED', 1: 'ACTIVE', 2: 'INGESTION_RESOURCE_ERROR' },
  'pubsub-subscription': { 0: 'STATE_UNSPECIFIED', 1: 'ACTIVE', 2: 'RESOURCE_ERROR' },
};

/** Secrets are global resources with no lifecycle state in the API: one that answers is available. */
export function describeSecret(secret: Secret): ManagedServiceFacts {
  const nativeId = secret.name ?? '';
  return {
    cloud: 'gcp',
    nativeId,
    product: 'secret-manager-secret',
    serviceClass: 'secret' satisfies ServiceClassName,
    name: nativeId.split('/').pop() ?? '',
    region: 'global',
    state: 'available',
    cloudState: '',
    tags: { ...(secret.labels ?? {}) },
  };
}

function stringLabels(labels: BucketMetadata['labels']): Record<string, string> {
  return Object.fromEntries(
    Object.entries(labels ?? {}).flatMap(([key, value]) => (typeof value === 'string' ? [[key, value]] : [])),
  );
}
