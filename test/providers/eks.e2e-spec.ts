import { CreateClusterCommand, CreateNodegroupCommand, DescribeClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AwsCredential,
  ClusterNotFound,
  EksClusterRef,
  EksProvider,
  InvalidRequest,
  Throttled,
  retryTransientFailures,
} from '@fleetplane/providers';
import { readFixture } from './fakes/fixtures';
import { RunningMoto, startMoto } from './fakes/moto-server';
import { presignedSignature } from './fakes/sigv4-verifier';
import { startThrottlingProxy, ThrottlingProxy } from './fakes/throttling-proxy';

const staticKeys: AwsCredential = {
  type: 'aws-static-keys',
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
const fastRetries = retryTransientFailures({ maxRetries: 3, initialDelayMs: 1, maxDelayMs: 5 });
const signedAt = new Date('2025-06-01T12:00:00.000Z');

interface BotocoreExamples {
  examples: {
    CreateCluster: [
      {
        input: {
          name: string;
          version: string;
          roleArn: string;
          resourcesVpcConfig: { subnetIds: string[]; securityGroupIds: string[] };
        };
      },
    ];
  };
}
interface CliNodegroup {
  nodegroup: {
    nodegroupName: string;
    scalingConfig: { minSize: number; maxSize: number; desiredSize: number };
    instanceTypes: string[];
    subnets: string[];
    nodeRole: string;
    labels: Record<string, string>;
    tags: Record<string, string>;
  };
}

/**
 * Sends the token's presigned GET to moto. moto's single server picks the emulated service from
 * the Authorization header's credential scope only (query-string auth is routed to S3), so the
 * URL's own X-Amz-Credential, SignedHeaders and Signature are restated there as a routing hint;
 * the request line, query and `x-k8s-aws-id` header are the token's, unchanged.
 */
async function askMotoSts(presigned: URL): Promise<Response> {
  const query = presigned.searchParams;
  const authorization = `AWS4-HMAC-SHA256 Credential=${query.get('X-Amz-Credential')}, SignedHeaders=${query.get('X-Amz-SignedHeaders')}, Signature=${query.get('X-Amz-Signature')}`;
  return fetch(`${moto.endpoint}/${presigned.search}`, { headers: { authorization, 'x-k8s-aws-id': 'prod' } });
}

let moto: RunningMoto;

describe('EKS adapter against moto_server', { timeout: 120_000 }, () => {
  let proxy: ThrottlingProxy;
  let eks: EksProvider;
  // The botocore CreateCluster example (boto/botocore examples-1.json) seeds moto; its name is "prod".
  const createCluster = readFixture<BotocoreExamples>('eks/botocore-examples-1.json').examples.CreateCluster[0].input;
  // The aws-cli create-nodegroup Example 3 output gives the node group's published shape.
  const nodegroup = readFixture<CliNodegroup>('eks/awscli-create-nodegroup.example3.output.json').nodegroup;
  const prod: EksClusterRef = { provider: 'eks', region: 'us-west-2', name: createCluster.name };

  before(async () => {
    moto = await startMoto();
    proxy = await startThrottlingProxy(moto.endpoint);
    const seed = (region: string) => new EKSClient({ region, endpoint: moto.endpoint, credentials: staticKeys });
    await seed('us-west-2').send(
      new CreateClusterCommand({ ...createCluster, tags: { team: 'payments', environment: 'production' } }),
    );
    await seed('us-west-2').send(
      new CreateNodegroupCommand({
        clusterName: createCluster.name,
        nodegroupName: nodegroup.nodegroupName,
        scalingConfig: nodegroup.scalingConfig,
        instanceTypes: nodegroup.instanceTypes,
        subnets: nodegroup.subnets,
        nodeRole: nodegroup.nodeRole,
        labels: nodegroup.labels,
        tags: nodegroup.tags,
      }),
    );
    await seed('eu-west-1').send(new CreateClusterCommand({ ...createCluster, name: 'devel' }));
    eks = new EksProvider({
      retryPolicy: fastRetries,
      now: () => signedAt,
      eks: { endpoint: proxy.endpoint, stsEndpoint: moto.endpoint, regions: ['us-west-2', 'eu-west-1'] },
    });
  });

  after(async () => {
    await proxy?.stop();
    await moto?.stop();
  });

  describe('discovery', () => {
    it('lists the clusters of every configured region', async () => {
      const found = await eks.discover({ provider: 'eks' }, staticKeys);
      assert.deepEqual(found.map((cluster) => `${cluster.region}/${cluster.ref.name}`).sort(), [
        'eu-west-1/devel',
        'us-west-2/prod',
      ]);
    });

    it('sweeps only the regions the scope names', async () => {
      const found = await eks.discover({ provider: 'eks', regions: ['eu-west-1'] }, staticKeys);
      assert.deepEqual(found, [{ ref: { provider: 'eks', region: 'eu-west-1', name: 'devel' }, region: 'eu-west-1' }]);
    });

    it('refuses to guess when no region is known', async () => {
      const bare = new EksProvider({ retryPolicy: fastRetries, eks: { endpoint: proxy.endpoint } });
      await assert.rejects(bare.discover({ provider: 'eks' }, staticKeys), InvalidRequest);
    });
  });

  describe('describe', () => {
    it('reports endpoint, CA, version, status, tags and node groups', async () => {
      const description = await eks.describe(prod, staticKeys);
      assert.equal(description.kubernetesVersion, createCluster.version);
      assert.equal(description.cloudStatus, 'ACTIVE');
      assert.equal(description.status, 'running');
      assert.equal(description.region, 'us-west-2');
      assert.match(description.endpoint, /^https:\/\//);
      assert.deepEqual(description.tags, { team: 'payments', environment: 'production' });
      assert.equal(description.nodePools.length, 1);
      const [pool] = description.nodePools;
      assert.equal(pool.name, nodegroup.nodegroupName);
      assert.deepEqual(pool.instanceTypes, nodegroup.instanceTypes);
      assert.deepEqual(pool.size, {
        desired: nodegroup.scalingConfig.desiredSize,
        min: nodegroup.scalingConfig.minSize,
        max: nodegroup.scalingConfig.maxSize,
      });
      assert.deepEqual(pool.nodeLabels, nodegroup.labels);
    });

    it('answers an unknown cluster with ClusterNotFound carrying the cloud error code', async () => {
      const error = await eks.describe({ ...prod, name: 'no-such-cluster' }, staticKeys).catch((e: unknown) => e);
      assert.ok(error instanceof ClusterNotFound, String(error));
      assert.equal(error.code, 'ClusterNotFound');
      assert.equal(error.cloudCode, 'ResourceNotFoundException');
      assert.match(error.cloudMessage ?? '', /no-such-cluster/);
    });

    it('retries throttling with backoff and then succeeds', async () => {
      const before = proxy.throttled();
      proxy.throttleNext(2, '/clusters/prod');
      const description = await eks.describe(prod, staticKeys);
      assert.equal(description.ref.name, 'prod');
      assert.equal(proxy.throttled() - before, 2);
    });

    it('gives up with Throttled once the retry budget is spent', async () => {
      proxy.throttleNext(10, '/clusters/prod');
      const error = await eks.describe(prod, staticKeys).catch((e: unknown) => e);
      proxy.throttleNext(0, '');
      assert.ok(error instanceof Throttled, String(error));
      assert.equal(error.cloudCode, 'ThrottlingException');
      assert.equal(error.cloudMessage, 'Rate exceeded');
    });

    it('refuses a credential stored for another provider', async () => {
      const gcp = { type: 'gcp-application-default' } as unknown as AwsCredential;
      await assert.rejects(eks.describe(prod, gcp), InvalidRequest);
    });
  });

  describe('health', () => {
    it('reports an ACTIVE cluster without issues as healthy', async () => {
      const health = await eks.checkHealth(prod, staticKeys);
      assert.equal(health.healthy, true);
      assert.equal(health.cloudStatus, 'ACTIVE');
      assert.deepEqual(health.issues, []);
    });
  });

  describe('access token', () => {
    const decode = (token: string) =>
      new URL(Buffer.from(token.slice('k8s-aws-v1.'.length), 'base64url').toString('utf8'));

    it('is k8s-aws-v1. + unpadded base64url of a presigned STS GetCallerIdentity URL', async () => {
      const access = await eks.issueAccess(prod, staticKeys);
      const user = access.kubeConfig.getCurrentUser();
      const token = user?.token ?? '';
      assert.match(token, /^k8s-aws-v1\.[A-Za-z0-9_-]+$/);
      const url = decode(token);
      assert.equal(url.origin, 'https://sts.us-west-2.amazonaws.com');
      assert.equal(url.searchParams.get('Action'), 'GetCallerIdentity');
      assert.equal(url.searchParams.get('Version'), '2011-06-15');
      assert.equal(url.searchParams.get('X-Amz-Expires'), '60');
      assert.equal(url.searchParams.get('X-Amz-Algorithm'), 'AWS4-HMAC-SHA256');
      assert.equal(url.searchParams.get('X-Amz-Date'), '20250601T120000Z');
      assert.equal(
        url.searchParams.get('X-Amz-Credential'),
        `${staticKeys.accessKeyId}/20250601/us-west-2/sts/aws4_request`,
      );
    });

    it('signs the x-k8s-aws-id header, as an independent SigV4 computation confirms', async () => {
      const access = await eks.issueAccess(prod, staticKeys);
      const url = decode(access.kubeConfig.getCurrentUser()?.token ?? '');
      assert.equal(url.searchParams.get('X-Amz-SignedHeaders'), 'host;x-k8s-aws-id');
      const expected = presignedSignature(url, { host: url.host, 'x-k8s-aws-id': 'prod' }, staticKeys.secretAccessKey);
      assert.equal(url.searchParams.get('X-Amz-Signature'), expected);
      const forOtherCluster = presignedSignature(
        url,
        { host: url.host, 'x-k8s-aws-id': 'devel' },
        staticKeys.secretAccessKey,
      );
      assert.notEqual(url.searchParams.get('X-Amz-Signature'), forOtherCluster);
    });

    it('expires one minute before the 15 minutes EKS honours, and targets the described endpoint and CA', async () => {
      const access = await eks.issueAccess(prod, staticKeys);
      assert.equal(access.expiresAt?.toISOString(), '2025-06-01T12:14:00.000Z');
      const { cluster: described } = await new EKSClient({
        region: 'us-west-2',
        endpoint: moto.endpoint,
        credentials: staticKeys,
      }).send(new DescribeClusterCommand({ name: 'prod' }));
      const cluster = access.kubeConfig.getCurrentCluster();
      assert.equal(cluster?.server, described?.endpoint);
      // Passed through verbatim, as `aws eks update-kubeconfig` writes certificate-authority-data.
      assert.equal(cluster?.caData, described?.certificateAuthority?.data);
    });

    it('is a GetCallerIdentity call STS answers (sent to moto with its cluster header)', async () => {
      const access = await eks.issueAccess(prod, staticKeys);
      const url = decode(access.kubeConfig.getCurrentUser()?.token ?? '');
      const answer = await askMotoSts(url);
      const body = await answer.text();
      assert.equal(answer.status, 200, body);
      assert.match(body, /<GetCallerIdentityResponse/);
      assert.match(body, /<Account>\d{12}<\/Account>/);
    });

    it('is signed with an assumed role session when the credential assumes a role with an external id', async () => {
      const assumeRole: AwsCredential = {
        type: 'aws-assume-role',
        roleArn: 'arn:aws:iam::123456789012:role/fleetplane-reader',
        externalId: 'fleetplane-tenant-7',
        source: staticKeys,
      };
      const access = await eks.issueAccess(prod, assumeRole);
      const url = decode(access.kubeConfig.getCurrentUser()?.token ?? '');
      assert.match(url.searchParams.get('X-Amz-Credential') ?? '', /^ASIA/);
      assert.ok(url.searchParams.get('X-Amz-Security-Token'), 'session token travels in the URL');
      const answer = await askMotoSts(url);
      const body = await answer.text();
      assert.match(body, /<Arn>arn:aws:sts::123456789012:assumed-role\/fleetplane-reader\/fleetplane<\/Arn>/, body);
      const description = await eks.describe(prod, assumeRole);
      assert.equal(description.ref.name, 'prod');
    });
  });
});
