import type { DBCluster, DBInstance, Tag } from '@aws-sdk/client-rds';
import type { ReplicationGroup } from '@aws-sdk/client-elasticache';
import type { ManagedServiceFacts, ServiceClassName, ServiceProductOf, ServiceState } from '../managed-services';
import { AwsArn, formatArn } from './aws-arn';

/** The products this adapter reads, as they appear in `ManagedServiceFacts.product`. */
export const AWS_PRODUCTS = {
  rdsInstance: 'rds-instance',
  auroraCluster: 'aurora-cluster',
  elasticacheReplicationGroup: 'elasticache-replication-group',
  s3Bucket: 's3-bucket',
  sqsQueue: 'sqs-queue',
  secretsManagerSecret: 'secretsmanager-secret',
} as const satisfies Record<string, ServiceProductOf<'aws'>>;

/** RDS engines by the service class they serve; engines of no class (Oracle, SQL Server, Db2) are not bindable. */
const RDS_ENGINE_CLASSES: Record<string, ServiceClassName> = {
  postgres: 'postgresql',
  'aurora-postgresql': 'postgresql',
  mysql: 'mysql',
  mariadb: 'mysql',
  aurora: 'mysql',
  'aurora-mysql': 'mysql',
};

export function rdsEngineClass(engine: string | undefined): ServiceClassName | undefined {
  return engine === undefined ? undefined : RDS_ENGINE_CLASSES[engine];
}

/** RDS and ElastiCache status words, which share most of their vocabulary. */
const STATES: Record<string, ServiceState> = {
  available: 'available',
  'backing-up': 'available',
  'storage-optimization': 'available',
  snapshotting: 'available',
  creating: 'creating',
  modifying: 'updating',
  rebooting: 'updating',
  renaming: 'updating',
  upgrading: 'updating',
  'configuring-enhanced-monitoring': 'updating',
  'resetting-master-credentials': 'updating',
  promoting: 'updating',
  starting: 'updating',
  stopping: 'stopped',
  stopped: 'stopped',
  failed: 'failed',
  'create-failed': 'failed',
  'incompatible-parameters': 'failed',
  'incompatible-network': 'failed',
  'incompatible-restore': 'failed',
  'inaccessible-encryption-credentials': 'failed',
  'restore-error': 'failed',
  'storage-full': 'failed',
  deleting: 'deleting',
};

export function serviceState(cloudState: string | undefined): ServiceState {
  return (cloudState && STATES[cloudState]) || 'unknown';
}

export function tagMap(tags: readonly Tag[] | undefined): Record<string, string> {
  const map: Record<string, string> = {};
  for (const tag of tags ?? []) if (tag.Key !== undefined) map[tag.Key] = tag.Value ?? '';
  return map;
}

function engineText(engine: string | undefined, version: string | undefined): string | undefined {
  if (!engine) return undefined;
  return version ? `${engine} ${version}` : engine;
}

/** An RDS replica source is an identifier in the same region and account, or an ARN across regions. */
function sourceArn(source: string | undefined, own: AwsArn, type: 'db' | 'cluster'): string | undefined {
  if (!source) return undefined;
  if (source.startsWith('arn:')) return source;
  return formatArn({ ...own, resource: `${type}:${source}` });
}

export function rdsInstanceFacts(
  instance: DBInstance,
  arn: AwsArn,
  serviceClass: ServiceClassName,
): ManagedServiceFacts {
  return {
    cloud: 'aws',
    nativeId: instance.DBInstanceArn ?? formatArn(arn),
    product: AWS_PRODUCTS.rdsInstance,
    serviceClass,
    name: instance.DBInstanceIdentifier ?? arn.resource,
    region: arn.region,
    ...(instance.Endpoint?.Address
      ? { endpoint: { host: instance.Endpoint.Address, port: instance.Endpoint.Port ?? instance.DbInstancePort } }
      : {}),
    ...optional('engine', engineText(instance.Engine, instance.EngineVersion)),
    state: serviceState(instance.DBInstanceStatus),
    cloudState: instance.DBInstanceStatus ?? '',
    tags: tagMap(instance.TagList),
    ...optional('replicaOf', sourceArn(instance.ReadReplicaSourceDBInstanceIdentifier, arn, 'db')),
  };
}

export function auroraClusterFacts(
  cluster: DBCluster,
  arn: AwsArn,
  serviceClass: ServiceClassName,
): ManagedServiceFacts {
  return {
    cloud: 'aws',
    nativeId: cluster.DBClusterArn ?? formatArn(arn),
    product: AWS_PRODUCTS.auroraCluster,
    serviceClass,
    name: cluster.DBClusterIdentifier ?? arn.resource,
    region: arn.region,
    ...(cluster.Endpoint ? { endpoint: { host: cluster.Endpoint, port: cluster.Port } } : {}),
    ...optional('engine', engineText(cluster.Engine, cluster.EngineVersion)),
    state: serviceState(cluster.Status),
    cloudState: cluster.Status ?? '',
    tags: tagMap(cluster.TagList),
    ...optional('replicaOf', sourceArn(cluster.ReplicationSourceIdentifier, arn, 'cluster')),
  };
}

export function replicationGroupFacts(
  group: ReplicationGroup,
  arn: AwsArn,
  tags: Record<string, string>,
): ManagedServiceFacts {
  // Cluster mode off: the primary endpoint of the one node group; cluster mode on: the configuration endpoint.
  const address = group.NodeGroups?.[0]?.PrimaryEndpoint ?? group.ConfigurationEndpoint;
  return {
    cloud: 'aws',
    nativeId: group.ARN ?? formatArn(arn),
    product: AWS_PRODUCTS.elasticacheReplicationGroup,
    serviceClass: 'redis',
    name: group.ReplicationGroupId ?? arn.resource,
    region: arn.region,
    ...(address?.Address ? { endpoint: { host: address.Address, port: address.Port } } : {}),
    ...optional('engine', group.Engine),
    state: serviceState(group.Status),
    cloudState: group.Status ?? '',
    tags,
  };
}

export function bucketFacts(name: string, region: string, tags: Record<string, string>): ManagedServiceFacts {
  return {
    cloud: 'aws',
    nativeId: `arn:aws:s3:::${name}`,
    product: AWS_PRODUCTS.s3Bucket,
    serviceClass: 'object-storage',
    name,
    region,
    uri: `s3://${name}`,
    state: 'available',
    cloudState: 'exists',
    tags,
  };
}

/** GetBucketLocation answers null for us-east-1 and the legacy `EU` for eu-west-1. */
export function bucketRegion(locationConstraint: string | undefined | null): string {
  if (!locationConstraint) return 'us-east-1';
  if (locationConstraint === 'EU') return 'eu-west-1';
  return locationConstraint;
}

export function queueFacts(arn: AwsArn, queueUrl: string, tags: Record<string, string>): ManagedServiceFacts {
  return {
    cloud: 'aws',
    nativeId: formatArn(arn),
    product: AWS_PRODUCTS.sqsQueue,
    serviceClass: 'queue',
    name: arn.resource,
    region: arn.region,
    uri: queueUrl,
    state: 'available',
    cloudState: 'exists',
    tags,
  };
}

export function secretFacts(
  arn: string,
  parsed: AwsArn,
  name: string,
  deletedDate: Date | undefined,
  tags: Record<string, string>,
): ManagedServiceFacts {
  return {
    cloud: 'aws',
    nativeId: arn,
    product: AWS_PRODUCTS.secretsManagerSecret,
    serviceClass: 'secret',
    name,
    region: parsed.region,
    state: deletedDate ? 'deleting' : 'available',
    cloudState: deletedDate ? 'scheduled-for-deletion' : 'exists',
    tags,
  };
}

/** A JSON object secret is its fields (non-string values as JSON text); any other text is one field, `value`. */
export function secretFields(text: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { value: text };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { value: text };
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) {
    fields[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return fields;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
