import {
  DescribeReplicationGroupsCommand,
  ListTagsForResourceCommand,
  ReplicationGroup,
} from '@aws-sdk/client-elasticache';
import { DBCluster, DBInstance, DescribeDBClustersCommand, DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import {
  GetBucketLocationCommand,
  GetBucketTaggingCommand,
  HeadBucketCommand,
  ListBucketsCommand,
} from '@aws-sdk/client-s3';
import { DescribeSecretCommand, GetSecretValueCommand, ListSecretsCommand } from '@aws-sdk/client-secrets-manager';
import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueueTagsCommand,
  ListQueuesCommand,
} from '@aws-sdk/client-sqs';
import { callCloud } from '../../cloud-call';
import { ClientCache } from '../../client-cache';
import { CREDENTIAL_TYPES_OF_PROVIDER } from '../../credential-types';
import type { AwsCredential } from '../../credentials';
import { InvalidRequest, ProviderError, ResourceNotFound } from '../../errors';
import { fingerprint } from '../../fingerprint';
import type { ProviderRuntime, ProvidersOptions } from '../../providers-options';
import { resolveRuntime } from '../../providers-options';
import type {
  ManagedServiceCallOptions,
  ManagedServiceFacts,
  ManagedServicesAdapter,
  SecretReading,
  ServiceDiscoveryScopeOf,
} from '../managed-services';
import { AwsArn, parseArn, resourceOfType } from './aws-arn';
import { AwsServiceClients, createAwsServiceClients } from './aws-service-clients';
import { translateAwsServiceError } from './aws-service-errors';
import {
  auroraClusterFacts,
  bucketFacts,
  bucketRegion,
  queueFacts,
  rdsEngineClass,
  rdsInstanceFacts,
  replicationGroupFacts,
  secretFacts,
  secretFields,
  tagMap,
} from './aws-services-mapping';
import type { AwsServicesOptions } from './aws-services.options';

type Signal = AbortSignal | undefined;

/**
 * AWS managed services through the SDK v3 clients: RDS DB instances and Aurora DB clusters, ElastiCache
 * replication groups, S3 buckets, SQS queues and Secrets Manager secrets. Native ids are ARNs; the region
 * each call goes to is the ARN's. Failures are `ProviderError`s (`ResourceNotFound` for an ARN of nothing,
 * `InvalidRequest` for a text that is no ARN of a supported product).
 */
export class AwsManagedServices implements ManagedServicesAdapter<'aws'> {
  readonly cloud = 'aws';
  private readonly runtime: ProviderRuntime;
  private readonly settings: AwsServicesOptions;
  private readonly clients = new ClientCache<AwsServiceClients>();

  constructor(options: ProvidersOptions) {
    this.runtime = resolveRuntime(options);
    this.settings = options.services?.aws ?? {};
  }

  async describe(
    nativeId: string,
    credential: AwsCredential,
    options?: ManagedServiceCallOptions,
  ): Promise<ManagedServiceFacts> {
    const arn = parseArn(nativeId);
    const signal = options?.signal;
    const instance = arn.service === 'rds' ? resourceOfType(arn, 'db') : undefined;
    if (instance !== undefined) return this.describeDbInstance(arn, credential, signal);
    if (arn.service === 'rds' && resourceOfType(arn, 'cluster') !== undefined)
      return this.describeDbCluster(arn, credential, signal);
    const group = arn.service === 'elasticache' ? resourceOfType(arn, 'replicationgroup') : undefined;
    if (group !== undefined) return this.describeReplicationGroup(arn, group, credential, signal);
    if (arn.service === 's3' && !arn.resource.includes('/'))
      return this.describeBucket(arn.resource, credential, signal);
    if (arn.service === 'sqs') return this.describeQueue(arn, credential, signal);
    if (arn.service === 'secretsmanager' && resourceOfType(arn, 'secret') !== undefined)
      return this.describeSecret(nativeId, arn, credential, signal);
    throw new InvalidRequest(
      `${nativeId} is not the ARN of an RDS DB instance or cluster, ElastiCache replication group, S3 bucket, SQS queue or Secrets Manager secret`,
      { provider: 'aws' },
    );
  }

  async discover(
    scope: ServiceDiscoveryScopeOf<'aws'>,
    credential: AwsCredential,
    options?: ManagedServiceCallOptions,
  ): Promise<ManagedServiceFacts[]> {
    const regions = scope.regions ?? this.settings.regions ?? [];
    if (regions.length === 0) {
      throw new InvalidRequest(
        'AWS service discovery needs at least one region (in the scope or the services.aws.regions option)',
        {
          provider: 'aws',
        },
      );
    }
    const signal = options?.signal;
    const perRegion = await Promise.all(regions.map((region) => this.discoverRegion(region, credential, signal)));
    const buckets = await this.discoverBuckets(new Set(regions), credential, signal);
    return [...perRegion.flat(), ...buckets];
  }

  async readSecret(
    reference: string,
    credential: AwsCredential,
    options?: ManagedServiceCallOptions,
  ): Promise<SecretReading> {
    const arn = parseArn(reference);
    if (arn.service !== 'secretsmanager' || resourceOfType(arn, 'secret') === undefined) {
      throw new InvalidRequest(`${reference} is not the ARN of a Secrets Manager secret`, { provider: 'aws' });
    }
    const { secrets } = this.client(arn.region, credential);
    const value = await this.call(options?.signal, (abortSignal) =>
      secrets.send(new GetSecretValueCommand({ SecretId: reference }), { abortSignal }),
    );
    const text = value.SecretString ?? (value.SecretBinary ? Buffer.from(value.SecretBinary).toString('utf8') : '');
    return { fields: secretFields(text), version: value.VersionId ?? '' };
  }

  private async describeDbInstance(
    arn: AwsArn,
    credential: AwsCredential,
    signal: Signal,
  ): Promise<ManagedServiceFacts> {
    const { rds } = this.client(arn.region, credential);
    const { DBInstances } = await this.call(signal, (abortSignal) =>
      rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: resourceOfType(arn, 'db') }), { abortSignal }),
    );
    const instance = DBInstances?.[0];
    if (!instance) throw notFound(arn);
    return rdsInstanceFacts(instance, arn, bindableEngine(instance.Engine, arn));
  }

  private async describeDbCluster(
    arn: AwsArn,
    credential: AwsCredential,
    signal: Signal,
  ): Promise<ManagedServiceFacts> {
    const { rds } = this.client(arn.region, credential);
    const { DBClusters } = await this.call(signal, (abortSignal) =>
      rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: resourceOfType(arn, 'cluster') }), { abortSignal }),
    );
    const cluster = DBClusters?.[0];
    if (!cluster) throw notFound(arn);
    return auroraClusterFacts(cluster, arn, bindableEngine(cluster.Engine, arn));
  }

  private async describeReplicationGroup(
    arn: AwsArn,
    id: string,
    credential: AwsCredential,
    signal: Signal,
  ): Promise<ManagedServiceFacts> {
    const { elasticache } = this.client(arn.region, credential);
    const { ReplicationGroups } = await this.call(signal, (abortSignal) =>
      elasticache.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: id }), { abortSignal }),
    );
    const group = ReplicationGroups?.[0];
    if (!group) throw notFound(arn);
    return replicationGroupFacts(group, arn, await this.replicationGroupTags(arn.region, group, credential, signal));
  }

  private async describeBucket(name: string, credential: AwsCredential, signal: Signal): Promise<ManagedServiceFacts> {
    // Bucket ARNs carry no region: ask from the default one, then GetBucketLocation says where it lives.
    const { s3 } = this.client('us-east-1', credential);
    await this.call(signal, (abortSignal) => s3.send(new HeadBucketCommand({ Bucket: name }), { abortSignal }));
    const region = await this.bucketRegion(name, credential, signal);
    return bucketFacts(name, region, await this.bucketTags(name, region, credential, signal));
  }

  private async describeQueue(arn: AwsArn, credential: AwsCredential, signal: Signal): Promise<ManagedServiceFacts> {
    const { sqs } = this.client(arn.region, credential);
    const { QueueUrl } = await this.call(signal, (abortSignal) =>
      sqs.send(new GetQueueUrlCommand({ QueueName: arn.resource, QueueOwnerAWSAccountId: arn.account || undefined }), {
        abortSignal,
      }),
    );
    if (!QueueUrl) throw notFound(arn);
    return queueFacts(arn, QueueUrl, await this.queueTags(arn.region, QueueUrl, credential, signal));
  }

  private async describeSecret(
    nativeId: string,
    arn: AwsArn,
    credential: AwsCredential,
    signal: Signal,
  ): Promise<ManagedServiceFacts> {
    const { secrets } = this.client(arn.region, credential);
    const secret = await this.call(signal, (abortSignal) =>
      secrets.send(new DescribeSecretCommand({ SecretId: nativeId }), { abortSignal }),
    );
    return secretFacts(
      secret.ARN ?? nativeId,
      arn,
      secret.Name ?? arn.resource,
      secret.DeletedDate,
      tagMap(secret.Tags),
    );
  }

  private async discoverRegion(
    region: string,
    credential: AwsCredential,
    signal: Signal,
  ): Promise<ManagedServiceFacts[]> {
    const [instances, clusters, groups, queues, secrets] = await Promise.all([
      this.listDbInstances(region, credential, signal),
      this.listDbClusters(region, credential, signal),
      this.listReplicationGroups(region, credential, signal),
      this.listQueues(region, credential, signal),
      this.listSecrets(region, credential, signal),
    ]);
    return [...instances, ...clusters, ...groups, ...queues, ...secrets];
  }

  private async listDbInstances(
    region: string,
    credential: AwsCredential,
    signal: Signal,
  ): Promise<ManagedServiceFacts[]> {
    const { rds } = this.client(region, credential);
    const found: DBInstance[] = [];
    let Marker: string | undefined;
    do {
      const page = await this.call(signal, (abortSignal) =>
        rds.send(new DescribeDBInstancesCommand({ Marker }), { abortSignal }),
      );
      found.push(...(page.DBInstances ?? []));
      Marker = page.Marker;
    } while (Marker);
    // Members of an Aurora or Multi-AZ DB cluster are reached through their cluster, which is listed itself.
    return found.flatMap((instance) => {
      const serviceClass = rdsEngineClass(instance.Engine);
      if (!serviceClass || instance.DBClusterIdentifier || !instance.DBInstanceArn) return [];
      return [rdsInstanceFacts(instance, parseArn(instance.DBInstanceArn), serviceClass)];
    });
  }

  private async listDbClusters(
    region: string,
    credential: AwsCredential,
    signal: Signal,
  ): Promise<ManagedServiceFacts[]> {
    const { rds } = this.client(region, credential);
    const found: DBCluster[] = [];
    let Marker: string | undefined;
    do {
      const page = await this.call(signal, (abortSignal) =>
        rds.send(new DescribeDBClustersCommand({ Marker }), { abortSignal }),
      );
      found.push(...(page.DBClusters ?? []));
      Marker = page.Marker;
    } while (Marker);
    return found.flatMap((cluster) => {
      const serviceClass = rdsEngineClass(cluster.Engine);
      if (!serviceClass || !cluster.DBClusterArn) return [];
      return [auroraClusterFacts(cluster, parseArn(cluster.DBClusterArn), serviceClass)];
    });
  }

  private async listReplicationGroups(
    region: string,
    credential: AwsCredential,
    signal: Signal,
  ): Promise<ManagedServiceFacts[]> {
    const { elasticache } = this.client(region, credential);
    const found: ReplicationGroup[] = [];
    let Marker: string | undefined;
    do {
      const page = await this.call(signal, (abortSignal) =>
        elasticache.send(new DescribeReplicationGroupsCommand({ Marker }), { abortSignal }),
      );
      found.push(...(page.ReplicationGroups ?? []));
      Marker = page.Marker;
    } while (Marker);
    return Promise.all(
      found
        .filter((group) => group.ARN !== undefined)
        .map(async (group) =>
          replicationGroupFacts(
            group,
            parseArn(group.ARN ?? ''),
            await this.replicationGroupTags(region, group, credential, signal),
          ),
        ),
    );
  }

  private async listQueues(region: string, credential: AwsCredential, signal: Signal): Promise<ManagedServiceFacts[]> {
    const { sqs } = this.client(region, credential);
    const urls: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await this.call(signal, (abortSignal) =>
        sqs.send(new ListQueuesCommand({ NextToken, MaxResults: 1000 }), { abortSignal }),
      );
      urls.push(...(page.QueueUrls ?? []));
      NextToken = page.NextToken;
    } while (NextToken);
    return Promise.all(
      urls.map(async (QueueUrl) => {
        const { Attributes } = await this.call(signal, (abortSignal) =>
          sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }), { abortSignal }),
        );
        const arn = parseArn(Attributes?.QueueArn ?? '');
        return queueFacts(arn, QueueUrl, await this.queueTags(region, QueueUrl, credential, signal));
      }),
    );
  }

  private async listSecrets(region: string, credential: AwsCredential, signal: Signal): Promise<ManagedServiceFacts[]> {
    const { secrets } = this.client(region, credential);
    const found: ManagedServiceFacts[] = [];
    let NextToken: string | undefined;
    do {
      const page = await this.call(signal, (abortSignal) =>
        secrets.send(new ListSecretsCommand({ NextToken }), { abortSignal }),
      );
      for (const secret of page.SecretList ?? []) {
        if (!secret.ARN) continue;
        found.push(
          secretFacts(secret.ARN, parseArn(secret.ARN), secret.Name ?? '', secret.DeletedDate, tagMap(secret.Tags)),
        );
      }
      NextToken = page.NextToken;
    } while (NextToken);
    return found;
  }

  /** S3 lists every bucket of the account wherever it lives; discovery keeps those in the swept regions. */
  private async discoverBuckets(
    regions: ReadonlySet<string>,
    credential: AwsCredential,
    signal: Signal,
  ): Promise<ManagedServiceFacts[]> {
    const { s3 } = this.client('us-east-1', credential);
    const { Buckets } = await this.call(signal, (abortSignal) => s3.send(new ListBucketsCommand({}), { abortSignal }));
    const described = await Promise.all(
      (Buckets ?? []).map(async ({ Name }) => {
        if (!Name) return undefined;
        const region = await this.bucketRegion(Name, credential, signal);
        if (!regions.has(region)) return undefined;
        return bucketFacts(Name, region, await this.bucketTags(Name, region, credential, signal));
      }),
    );
    return described.filter((facts): facts is ManagedServiceFacts => facts !== undefined);
  }

  private async bucketRegion(name: string, credential: AwsCredential, signal: Signal): Promise<string> {
    const { s3 } = this.client('us-east-1', credential);
    const { LocationConstraint } = await this.call(signal, (abortSignal) =>
      s3.send(new GetBucketLocationCommand({ Bucket: name }), { abortSignal }),
    );
    return bucketRegion(LocationConstraint);
  }

  private async bucketTags(
    name: string,
    region: string,
    credential: AwsCredential,
    signal: Signal,
  ): Promise<Record<string, string>> {
    const { s3 } = this.client(region, credential);
    try {
      const { TagSet } = await this.call(signal, (abortSignal) =>
        s3.send(new GetBucketTaggingCommand({ Bucket: name }), { abortSignal }),
      );
      return tagMap(TagSet);
    } catch (error) {
      // A bucket that was never tagged answers NoSuchTagSet rather than an empty set.
      if (error instanceof ProviderError && error.cloudCode === 'NoSuchTagSet') return {};
      throw error;
    }
  }

  private async queueTags(
    region: string,
    QueueUrl: string,
    credential: AwsCredential,
    signal: Signal,
  ): Promise<Record<string, string>> {
    const { sqs } = this.client(region, credential);
    const { Tags } = await this.call(signal, (abortSignal) =>
      sqs.send(new ListQueueTagsCommand({ QueueUrl }), { abortSignal }),
    );
    return { ...Tags };
  }

  private async replicationGroupTags(
    region: string,
    group: ReplicationGroup,
    credential: AwsCredential,
    signal: Signal,
  ): Promise<Record<string, string>> {
    if (!group.ARN) return {};
    const { elasticache } = this.client(region, credential);
    const { TagList } = await this.call(signal, (abortSignal) =>
      elasticache.send(new ListTagsForResourceCommand({ ResourceName: group.ARN }), { abortSignal }),
    );
    return tagMap(TagList);
  }

  private call<T>(signal: Signal, send: (abortSignal: AbortSignal) => Promise<T>): Promise<T> {
    return callCloud(this.runtime.retryPolicy, translateAwsServiceError, send, signal);
  }

  private client(region: string, credential: AwsCredential): AwsServiceClients {
    const accepted: readonly string[] = CREDENTIAL_TYPES_OF_PROVIDER.eks;
    if (!accepted.includes(credential.type)) {
      throw new InvalidRequest(`AWS managed services cannot use a credential of type ${String(credential.type)}`, {
        provider: 'aws',
      });
    }
    return this.clients.get(`${region}|${fingerprint(credential)}`, () =>
      createAwsServiceClients(region, credential, this.settings, this.runtime.now),
    );
  }
}

function notFound(arn: AwsArn): ResourceNotFound {
  return new ResourceNotFound(`AWS has no ${arn.service} resource ${arn.resource} in ${arn.region}`, {
    provider: 'aws',
  });
}

function bindableEngine(engine: string | undefined, arn: AwsArn) {
  const serviceClass = rdsEngineClass(engine);
  if (!serviceClass) {
    throw new InvalidRequest(`${arn.resource} runs ${engine ?? 'no known engine'}, which no service class covers`, {
      provider: 'aws',
    });
  }
  return serviceClass;
}
