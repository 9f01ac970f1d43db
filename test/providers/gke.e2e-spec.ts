import { GoogleAuth, OAuth2Client } from 'google-auth-library';
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  ClusterNotFound,
  CloudUnavailable,
  CredentialInvalid,
  GcpCredential,
  GkeClusterRef,
  GkeProvider,
  retryTransientFailures,
} from '@fleetplane/providers';
import { ClusterJson, GkeRestFake, startGkeRestFake } from './fakes/gke-rest-fake';
import { createTestPki } from './fakes/test-ca';

const ACCESS_TOKEN = 'ya29.fleetplane-test-token';
const TOKEN_EXPIRY = new Date('2030-01-01T00:00:00.000Z');
const credential: GcpCredential = { type: 'gcp-application-default' };
const pki = createTestPki('gke-cluster-ca');

/**
 * Clusters built from the published `Cluster` schema (the Discovery excerpt in the fixtures;
 * the fake refuses any other top-level field). Node pool fields follow the REST reference's
 * `NodePool` (https://cloud.google.com/kubernetes-engine/docs/reference/rest/v1/projects.locations.clusters.nodePools#NodePool:
 * name, config.machineType, config.labels, initialNodeCount, autoscaling.{enabled,minNodeCount,maxNodeCount},
 * locations, version, status); conditions follow `StatusCondition`
 * (https://cloud.google.com/kubernetes-engine/docs/reference/rest/v1/StatusCondition: message, canonicalCode).
 */
const zonal: ClusterJson = {
  name: 'payments',
  location: 'us-central1-a',
  locations: ['us-central1-a'],
  endpoint: '34.118.10.20',
  currentMasterVersion: '1.30.5-gke.1014001',
  status: 'RUNNING',
  createTime: '2024-11-05T09:30:00+00:00',
  masterAuth: { clusterCaCertificate: Buffer.from(pki.caPem).toString('base64') },
  resourceLabels: { team: 'payments', env: 'prod' },
  nodePools: [
    {
      name: 'default-pool',
      config: { machineType: 'e2-standard-4', labels: { workload: 'general' } },
      initialNodeCount: 3,
      autoscaling: { enabled: true, minNodeCount: 1, maxNodeCount: 5 },
      locations: ['us-central1-a'],
      version: '1.30.5-gke.1014001',
      status: 'RUNNING',
    },
  ],
};
const regional: ClusterJson = {
  name: 'analytics',
  location: 'europe-west1',
  locations: ['europe-west1-b', 'europe-west1-c', 'europe-west1-d'],
  endpoint: '34.76.1.2',
  currentMasterVersion: '1.29.9-gke.1000',
  status: 'DEGRADED',
  masterAuth: { clusterCaCertificate: Buffer.from(pki.caPem).toString('base64') },
  resourceLabels: {},
  conditions: [{ canonicalCode: 'UNAVAILABLE', message: 'Node pool "spot" is unable to scale up.' }],
  nodePools: [
    {
      name: 'spot',
      config: { machineType: 'n2-standard-8' },
      initialNodeCount: 2,
      locations: ['europe-west1-b', 'europe-west1-c', 'europe-west1-d'],
      status: 'RUNNING_WITH_ERROR',
    },
  ],
};

describe('GKE adapter against a local container.googleapis.com (REST transport)', { timeout: 60_000 }, () => {
  let fake: GkeRestFake;
  let gke: GkeProvider;
  const payments: GkeClusterRef = {
    provider: 'gke',
    projectId: 'acme-prod',
    location: 'us-central1-a',
    name: 'payments',
  };

  before(async () => {
    fake = await startGkeRestFake(ACCESS_TOKEN);
    fake.setClusters('acme-prod', [zonal, regional]);
    // A real google-auth-library client already holding a token: the OAuth2 exchange itself is Google's, not ours.
    const oauth = new OAuth2Client();
    oauth.setCredentials({ access_token: ACCESS_TOKEN, expiry_date: TOKEN_EXPIRY.getTime() });
    gke = new GkeProvider({
      retryPolicy: retryTransientFailures({ maxRetries: 3, initialDelayMs: 1, maxDelayMs: 5 }),
      gke: {
        apiEndpoint: fake.host,
        transport: 'rest',
        plaintext: true,
        googleAuthFor: () => new GoogleAuth({ authClient: oauth }),
      },
    });
  });
  after(() => fake?.stop());
  beforeEach(() => fake.requests.splice(0));

  it('discovers every cluster of a project across locations, with each one region', async () => {
    const found = await gke.discover({ provider: 'gke', projectId: 'acme-prod' }, credential);
    assert.deepEqual(found, [
      { ref: payments, region: 'us-central1' },
      {
        ref: { provider: 'gke', projectId: 'acme-prod', location: 'europe-west1', name: 'analytics' },
        region: 'europe-west1',
      },
    ]);
    assert.equal(fake.requests[0].path, '/v1/projects/acme-prod/locations/-/clusters');
  });

  it('discovers only one location when asked', async () => {
    const found = await gke.discover({ provider: 'gke', projectId: 'acme-prod', location: 'europe-west1' }, credential);
    assert.deepEqual(
      found.map((cluster) => cluster.ref.name),
      ['analytics'],
    );
  });

  it('describes a cluster: endpoint, CA, version, status, zones, node pools and labels', async () => {
    const description = await gke.describe(payments, credential);
    assert.equal(description.endpoint, 'https://34.118.10.20');
    assert.equal(description.certificateAuthority, pki.caPem);
    assert.equal(description.kubernetesVersion, '1.30.5-gke.1014001');
    assert.equal(description.status, 'running');
    assert.equal(description.cloudStatus, 'RUNNING');
    assert.equal(description.region, 'us-central1');
    assert.deepEqual(description.zones, ['us-central1-a']);
    assert.deepEqual(description.tags, { team: 'payments', env: 'prod' });
    assert.equal(description.createdAt?.toISOString(), '2024-11-05T09:30:00.000Z');
    assert.deepEqual(description.nodePools, [
      {
        name: 'default-pool',
        instanceTypes: ['e2-standard-4'],
        size: { desired: 3, min: 1, max: 5 },
        zones: ['us-central1-a'],
        kubernetesVersion: '1.30.5-gke.1014001',
        status: 'running',
        cloudStatus: 'RUNNING',
        nodeLabels: { workload: 'general' },
      },
    ]);
  });

  it('speaks the REST transport the SDK documents: bearer token and integer enums', async () => {
    await gke.describe(payments, credential);
    assert.equal(fake.requests.length, 1);
    assert.equal(fake.requests[0].path, '/v1/projects/acme-prod/locations/us-central1-a/clusters/payments');
    assert.match(decodeURIComponent(fake.requests[0].query), /\$alt=json;enum-encoding=int/);
    assert.equal(fake.requests[0].authorization, `Bearer ${ACCESS_TOKEN}`);
  });

  it('sizes regional pools across their zones and reports degraded clusters with their conditions', async () => {
    const ref: GkeClusterRef = { provider: 'gke', projectId: 'acme-prod', location: 'europe-west1', name: 'analytics' };
    const description = await gke.describe(ref, credential);
    assert.deepEqual(description.nodePools[0].size, { desired: 6, min: undefined, max: undefined });
    assert.equal(description.nodePools[0].status, 'degraded');
    const health = await gke.checkHealth(ref, credential);
    assert.equal(health.healthy, false);
    assert.equal(health.status, 'degraded');
    assert.deepEqual(health.issues, [{ code: 'UNAVAILABLE', message: 'Node pool "spot" is unable to scale up.' }]);
  });

  it('answers an unknown cluster with ClusterNotFound carrying Google status and message', async () => {
    const error = await gke.describe({ ...payments, name: 'ghost' }, credential).catch((e: unknown) => e);
    assert.ok(error instanceof ClusterNotFound, String(error));
    assert.equal(error.cloudCode, 'NOT_FOUND');
    assert.equal(error.cloudMessage, 'Not found: projects/acme-prod/locations/us-central1-a/clusters/ghost.');
  });

  it('retries RESOURCE_EXHAUSTED itself, with no hidden SDK retries on top', async () => {
    fake.failNext(2, { httpStatus: 429, status: 'RESOURCE_EXHAUSTED', message: 'Quota exceeded for quota metric' });
    const description = await gke.describe(payments, credential);
    assert.equal(description.ref.name, 'payments');
    assert.equal(fake.requests.length, 3);
  });

  it('gives up on a persistent 503 with CloudUnavailable after the retry budget', async () => {
    fake.failNext(10, { httpStatus: 503, status: 'UNAVAILABLE', message: 'The service is currently unavailable.' });
    const error = await gke.describe(payments, credential).catch((e: unknown) => e);
    fake.failNext(0, { httpStatus: 503, status: 'UNAVAILABLE', message: '' });
    assert.ok(error instanceof CloudUnavailable, String(error));
    assert.equal(error.cloudCode, 'UNAVAILABLE');
    assert.equal(fake.requests.length, 4);
  });

  it('reports a token Google refuses as CredentialInvalid, without retrying', async () => {
    const stale = new OAuth2Client();
    stale.setCredentials({ access_token: 'ya29.revoked', expiry_date: TOKEN_EXPIRY.getTime() });
    const other = new GkeProvider({
      retryPolicy: retryTransientFailures({ maxRetries: 3, initialDelayMs: 1, maxDelayMs: 5 }),
      gke: {
        apiEndpoint: fake.host,
        transport: 'rest',
        plaintext: true,
        googleAuthFor: () => new GoogleAuth({ authClient: stale }),
      },
    });
    fake.requests.splice(0);
    const error = await other.describe(payments, credential).catch((e: unknown) => e);
    assert.ok(error instanceof CredentialInvalid, String(error));
    assert.equal(error.cloudCode, 'UNAUTHENTICATED');
    assert.equal(fake.requests.length, 1);
  });

  it('issues a kubeconfig with the OAuth2 access token, the cluster CA and the token expiry', async () => {
    const access = await gke.issueAccess(payments, credential);
    assert.equal(access.expiresAt?.toISOString(), TOKEN_EXPIRY.toISOString());
    assert.equal(access.kubeConfig.getCurrentUser()?.token, ACCESS_TOKEN);
    const cluster = access.kubeConfig.getCurrentCluster();
    assert.equal(cluster?.server, 'https://34.118.10.20');
    assert.equal(Buffer.from(cluster?.caData ?? '', 'base64').toString('utf8'), pki.caPem);
    assert.equal(cluster?.skipTLSVerify, false);
  });
});
