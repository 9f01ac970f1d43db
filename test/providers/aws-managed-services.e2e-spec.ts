import { CreateReplicationGroupCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import {
  CreateDBClusterCommand,
  CreateDBInstanceCommand,
  CreateDBInstanceReadReplicaCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { CreateBucketCommand, PutBucketTaggingCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateSecretCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AwsCredential,
  AwsManagedServices,
  InvalidRequest,
  ManagedServiceFacts,
  ManagedServices,
  ResourceNotFound,
  UnknownProviderKind,
  createManagedServices,
  retryTransientFailures,
} from '@fleetplane/providers';
import { RunningMoto, startMoto } from '../support/moto';

const credential: AwsCredential = {
  type: 'aws-static-keys',
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
const ACCOUNT = '123456789012';
const fastRetries = retryTransientFailures({ maxRetries: 1, initialDelayMs: 1, maxDelayMs: 5 });

describe('AWS managed services against moto_server', { timeout: 120_000 }, () => {
  let moto: RunningMoto;
  let aws: AwsManagedServices;
  let secretArn: string;
  let plainSecretArn: string;
  let secondVersion: string;

  before(async () => {
    moto = await startMoto();
    aws = new AwsManagedServices({ retryPolicy: fastRetries, services: { aws: { endpoint: moto.endpoint } } });
    const seed = { endpoint: moto.endpoint, credentials: credential };
    const rds = (region: string) => new RDSClient({ ...seed, region });
    await rds('us-east-1').send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: 'orders',
        Engine: 'postgres',
        EngineVersion: '16.3',
        DBInstanceClass: 'db.t3.micro',
        AllocatedStorage: 20,
        MasterUsername: 'orders',
        MasterUserPassword: 'not-used-by-the-adapter',
        Tags: [{ Key: 'team', Value: 'payments' }],
      }),
    );
    await rds('us-east-1').send(
      new CreateDBInstanceReadReplicaCommand({
        DBInstanceIdentifier: 'orders-replica',
        SourceDBInstanceIdentifier: 'orders',
        DBInstanceClass: 'db.t3.micro',
      }),
    );
    await rds('eu-west-1').send(
      new CreateDBClusterCommand({
        DBClusterIdentifier: 'ledger',
        Engine: 'aurora-postgresql',
        MasterUsername: 'ledger',
        MasterUserPassword: 'not-used-by-the-adapter',
        Tags: [{ Key: 'tier', Value: 'gold' }],
      }),
    );
    await rds('us-east-1').send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: 'legacy',
        Engine: 'oracle-ee',
        DBInstanceClass: 'db.t3.micro',
        AllocatedStorage: 20,
        MasterUsername: 'legacy',
        MasterUserPassword: 'not-used-by-the-adapter',
      }),
    );
    await new ElastiCacheClient({ ...seed, region: 'us-east-1' }).send(
      new CreateReplicationGroupCommand({
        ReplicationGroupId: 'sessions',
        ReplicationGroupDescription: 'sessions cache',
        Engine: 'redis',
        CacheNodeType: 'cache.t3.micro',
        NumCacheClusters: 2,
      }),
    );
    const s3 = new S3Client({ ...seed, region: 'eu-west-1', forcePathStyle: true });
    await s3.send(
      new CreateBucketCommand({
        Bucket: 'acme-invoices',
        CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
      }),
    );
    await s3.send(
      new PutBucketTaggingCommand({ Bucket: 'acme-invoices', Tagging: { TagSet: [{ Key: 'data', Value: 'pii' }] } }),
    );
    await new SQSClient({ ...seed, region: 'us-east-1' }).send(
      new CreateQueueCommand({ QueueName: 'orders-events', tags: { team: 'payments' } }),
    );
    const secrets = new SecretsManagerClient({ ...seed, region: 'us-east-1' });
    const created = await secrets.send(
      new CreateSecretCommand({
        Name: 'orders/db',
        SecretString: JSON.stringify({ username: 'orders_app', password: 's3cr3t-first', port: 5432 }),
      }),
    );
    secretArn = created.ARN!;
    const rotated = await secrets.send(
      new PutSecretValueCommand({
        SecretId: secretArn,
        SecretString: JSON.stringify({ username: 'orders_app', password: 's3cr3t-second' }),
      }),
    );
    secondVersion = rotated.VersionId!;
    plainSecretArn = (await secrets.send(new CreateSecretCommand({ Name: 'api-key', SecretString: 'k-123' }))).ARN!;
  });

  after(async () => {
    await moto?.stop();
  });

  it('describes an RDS PostgreSQL instance by its ARN: endpoint, port, engine, state and tags', async () => {
    const facts = await aws.describe(`arn:aws:rds:us-east-1:${ACCOUNT}:db:orders`, credential);
    assert.equal(facts.cloud, 'aws');
    assert.equal(facts.product, 'rds-instance');
    assert.equal(facts.serviceClass, 'postgresql');
    assert.equal(facts.name, 'orders');
    assert.equal(facts.region, 'us-east-1');
    assert.match(facts.endpoint?.host ?? '', /^orders\..+\.us-east-1\.rds\.amazonaws\.com$/);
    assert.equal(facts.endpoint?.port, 5432);
    assert.equal(facts.engine, 'postgres 16.3');
    assert.equal(facts.state, 'available');
    assert.equal(facts.cloudState, 'available');
    assert.deepEqual(facts.tags, { team: 'payments' });
    assert.equal(facts.replicaOf, undefined);
  });

  it('reports a read replica as replicaOf its source, by ARN', async () => {
    const facts = await aws.describe(`arn:aws:rds:us-east-1:${ACCOUNT}:db:orders-replica`, credential);
    assert.equal(facts.replicaOf, `arn:aws:rds:us-east-1:${ACCOUNT}:db:orders`);
  });

  it('describes an Aurora cluster with its writer endpoint in its own region', async () => {
    const facts = await aws.describe(`arn:aws:rds:eu-west-1:${ACCOUNT}:cluster:ledger`, credential);
    assert.equal(facts.product, 'aurora-cluster');
    assert.equal(facts.serviceClass, 'postgresql');
    assert.equal(facts.region, 'eu-west-1');
    assert.match(facts.endpoint?.host ?? '', /^ledger\.cluster-.+\.eu-west-1\.rds\.amazonaws\.com$/);
    assert.deepEqual(facts.tags, { tier: 'gold' });
  });

  it('describes an ElastiCache replication group by its primary endpoint', async () => {
    const facts = await aws.describe(`arn:aws:elasticache:us-east-1:${ACCOUNT}:replicationgroup:sessions`, credential);
    assert.equal(facts.product, 'elasticache-replication-group');
    assert.equal(facts.serviceClass, 'redis');
    assert.match(facts.endpoint?.host ?? '', /sessions/);
    assert.equal(facts.endpoint?.port, 6379);
  });

  it('describes an S3 bucket in the region GetBucketLocation reports, with an s3:// uri', async () => {
    const facts = await aws.describe('arn:aws:s3:::acme-invoices', credential);
    assert.equal(facts.serviceClass, 'object-storage');
    assert.equal(facts.region, 'eu-west-1');
    assert.equal(facts.uri, 's3://acme-invoices');
    assert.deepEqual(facts.tags, { data: 'pii' });
  });

  it('describes an SQS queue with its queue URL as uri', async () => {
    const facts = await aws.describe(`arn:aws:sqs:us-east-1:${ACCOUNT}:orders-events`, credential);
    assert.equal(facts.serviceClass, 'queue');
    assert.match(facts.uri ?? '', new RegExp(`/${ACCOUNT}/orders-events$`));
    assert.deepEqual(facts.tags, { team: 'payments' });
  });

  it('reads a JSON secret as its fields, with the current version id', async () => {
    const reading = await aws.readSecret(secretArn, credential);
    assert.deepEqual(reading.fields, { username: 'orders_app', password: 's3cr3t-second' });
    assert.equal(reading.version, secondVersion);
  });

  it('reads a secret that is not a JSON object as one field, value', async () => {
    const reading = await aws.readSecret(plainSecretArn, credential);
    assert.deepEqual(reading.fields, { value: 'k-123' });
  });

  it('answers ResourceNotFound for the ARN of a missing database, cluster, cache, bucket, queue or secret', async () => {
    const missing = [
      `arn:aws:rds:us-east-1:${ACCOUNT}:db:nope`,
      `arn:aws:rds:us-east-1:${ACCOUNT}:cluster:nope`,
      `arn:aws:elasticache:us-east-1:${ACCOUNT}:replicationgroup:nope`,
      'arn:aws:s3:::acme-nope',
      `arn:aws:sqs:us-east-1:${ACCOUNT}:nope`,
      `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:nope-AbCdEf`,
    ];
    for (const arn of missing) {
      await assert.rejects(aws.describe(arn, credential), ResourceNotFound, arn);
    }
    await assert.rejects(
      aws.readSecret(`arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:nope-AbCdEf`, credential),
      ResourceNotFound,
    );
  });

  it('refuses a text that is no ARN, an unsupported product and an engine no class covers', async () => {
    await assert.rejects(aws.describe('orders', credential), InvalidRequest);
    await assert.rejects(aws.describe(`arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-123`, credential), InvalidRequest);
    await assert.rejects(aws.describe(`arn:aws:rds:us-east-1:${ACCOUNT}:db:legacy`, credential), /oracle-ee/);
    await assert.rejects(aws.readSecret(`arn:aws:rds:us-east-1:${ACCOUNT}:db:orders`, credential), InvalidRequest);
  });

  it('discovers every bindable service of the swept regions, and no cluster members or unbindable engines', async () => {
    const found = await aws.discover({ regions: ['us-east-1', 'eu-west-1'] }, credential);
    const byName = new Map(found.map((facts: ManagedServiceFacts) => [`${facts.product}/${facts.name}`, facts]));
    for (const expected of [
      'rds-instance/orders',
      'rds-instance/orders-replica',
      'aurora-cluster/ledger',
      'elasticache-replication-group/sessions',
      's3-bucket/acme-invoices',
      'sqs-queue/orders-events',
      'secretsmanager-secret/orders/db',
      'secretsmanager-secret/api-key',
    ]) {
      assert.ok(byName.has(expected), `${expected} discovered (found ${[...byName.keys()].join(', ')})`);
    }
    assert.equal(byName.has('rds-instance/legacy'), false);
    assert.equal(byName.get('sqs-queue/orders-events')?.nativeId, `arn:aws:sqs:us-east-1:${ACCOUNT}:orders-events`);
  });

  it('discovers only the buckets of the swept regions', async () => {
    const found = await aws.discover({ regions: ['us-east-1'] }, credential);
    assert.equal(
      found.some((facts) => facts.product === 's3-bucket'),
      false,
    );
  });

  it('refuses discovery without a region', async () => {
    await assert.rejects(aws.discover({}, credential), /at least one region/);
  });

  it("the registry hands out each cloud's adapter, and refuses a cloud left out of its map, naming those it has", () => {
    const registry = createManagedServices({ services: { aws: { endpoint: moto.endpoint } } });
    assert.deepEqual(registry.clouds(), ['aws', 'gcp', 'azure']);
    assert.deepEqual(
      registry.clouds().map((cloud) => registry.get(cloud).cloud),
      ['aws', 'gcp', 'azure'],
    );
    const awsOnly = new ManagedServices({ aws: registry.get('aws') });
    assert.throws(
      () => awsOnly.get('gcp'),
      (error: unknown) => {
        assert.ok(error instanceof UnknownProviderKind);
        assert.match(error.message, /no managed-services adapter for cloud "gcp" \(available: aws\)/);
        return true;
      },
    );
  });
});
