import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  CloudUnavailable,
  CredentialInvalid,
  GcpCredential,
  GcpManagedServices,
  InvalidRequest,
  PermissionDenied,
  ResourceNotFound,
  retryTransientFailures,
} from '@fleetplane/providers';
import {
  BucketJson,
  GcpServicesFake,
  RedisInstanceJson,
  SecretJson,
  SqlInstanceJson,
  startGcpServicesFake,
} from './fakes/gcp-services-fake';
import { GoogleStsFake, startGoogleStsFake } from './fakes/google-sts-fake';
import { putPubSubResource, RunningPubSubEmulator, startPubSubEmulator } from './fakes/pubsub-emulator';

const PROJECT = 'acme-prod';
const ACCESS_TOKEN = 'ya29.fleetplane-federated-token';
/** What the workload's identity provider hands out; the local STS exchanges only this one for ACCESS_TOKEN. */
const SUBJECT_TOKEN = 'subject-token-of-the-control-plane';
const credential: GcpCredential = { type: 'gcp-application-default' };

/*
 * Bodies below are built from the published Discovery schemas in ../shared/fixtures/cloud-api/gcp-services
 * (the fake refuses any top-level field the schema lacks): sqladmin `DatabaseInstance` and `IpMapping`, redis
 * `Instance`, storage `Bucket`, secretmanager `Secret`. `DatabaseInstance.settings` is a `$ref` the excerpt
 * omits; its `userLabels` map is taken from the REST reference
 * (https://cloud.google.com/sql/docs/postgres/admin-api/rest/v1/instances#Settings: "userLabels: map (key: string, value: string)").
 */
const ordersDb: SqlInstanceJson = {
  kind: 'sql#instance',
  name: 'orders-db',
  project: PROJECT,
  region: 'europe-west1',
  gceZone: 'europe-west1-b',
  state: 'RUNNABLE',
  databaseVersion: 'POSTGRES_15',
  connectionName: `${PROJECT}:europe-west1:orders-db`,
  ipAddresses: [
    { type: 'PRIMARY', ipAddress: '34.77.10.20' },
    { type: 'OUTGOING', ipAddress: '34.77.10.21' },
  ],
  settings: { userLabels: { team: 'orders', env: 'prod' } },
};
const ordersReplica: SqlInstanceJson = {
  kind: 'sql#instance',
  name: 'orders-db-replica',
  project: PROJECT,
  region: 'us-east1',
  state: 'RUNNABLE',
  databaseVersion: 'POSTGRES_15',
  masterInstanceName: `${PROJECT}:orders-db`,
  ipAddresses: [{ type: 'PRIVATE', ipAddress: '10.20.0.5' }],
};
const ledger: SqlInstanceJson = {
  kind: 'sql#instance',
  name: 'ledger',
  project: PROJECT,
  region: 'europe-west1',
  state: 'PENDING_CREATE',
  databaseVersion: 'MYSQL_8_0_36',
};
const legacy: SqlInstanceJson = {
  kind: 'sql#instance',
  name: 'legacy',
  project: PROJECT,
  region: 'europe-west1',
  state: 'RUNNABLE',
  databaseVersion: 'SQLSERVER_2019_STANDARD',
};
const sessions: RedisInstanceJson = {
  name: `projects/${PROJECT}/locations/europe-west1/instances/sessions`,
  locationId: 'europe-west1-b',
  host: '10.0.0.3',
  port: 6379,
  readEndpoint: '10.0.0.4',
  readEndpointPort: 6379,
  replicaCount: 2,
  state: 'READY',
  tier: 'STANDARD_HA',
  redisVersion: 'REDIS_7_0',
  labels: { team: 'web' },
};
const exportsBucket: BucketJson = {
  kind: 'storage#bucket',
  id: 'acme-orders-exports',
  name: 'acme-orders-exports',
  projectNumber: '123456789012',
  metageneration: '1',
  location: 'EUROPE-WEST1',
  locationType: 'region',
  storageClass: 'STANDARD',
  labels: { team: 'orders' },
  timeCreated: '2024-05-01T10:00:00.000Z',
  updated: '2024-05-01T10:00:00.000Z',
  etag: 'CAE=',
};
const dbCredentials: SecretJson = {
  name: `projects/${PROJECT}/secrets/orders-db-credentials`,
  createTime: '2024-05-01T10:00:00.000Z',
  labels: { team: 'orders' },
  replication: { automatic: {} },
  etag: '"1"',
};
const apiKey: SecretJson = { name: `projects/${PROJECT}/secrets/payments-api-key`, replication: { automatic: {} } };

describe(
  'GCP managed services against local Google APIs (REST transport) and the Pub/Sub emulator',
  { timeout: 120_000 },
  () => {
    let fake: GcpServicesFake;
    let sts: GoogleStsFake;
    let pubsub: RunningPubSubEmulator;
    let gcp: GcpManagedServices;
    let workdir: string;
    let subjectTokenFile: string;
    const previousEnvironment = {
      GOOGLE_APPLICATION_CREDENTIALS: process.env.GOOGLE_APPLICATION_CREDENTIALS,
      GOOGLE_CLOUD_PROJECT: process.env.GOOGLE_CLOUD_PROJECT,
    };
    const adapter = () =>
      new GcpManagedServices({
        retryPolicy: retryTransientFailures({ maxRetries: 3, initialDelayMs: 1, maxDelayMs: 5 }),
        services: {
          gcp: {
            transport: 'rest',
            plaintext: true,
            endpoints: {
              sqladmin: fake.host,
              redis: fake.host,
              storage: fake.host,
              secretmanager: fake.host,
              pubsub: pubsub.host,
            },
          },
        },
      });

    before(async () => {
      [fake, sts, pubsub] = await Promise.all([
        startGcpServicesFake(ACCESS_TOKEN),
        startGoogleStsFake((subject) =>
          subject === SUBJECT_TOKEN ? ACCESS_TOKEN : subject === 'revoked' ? undefined : `token-for-${subject}`,
        ),
        startPubSubEmulator(),
      ]);
      for (const instance of [ordersDb, ordersReplica, ledger, legacy]) fake.addSqlInstance(instance);
      fake.addSqlInstance({ ...ordersDb, project: 'another-project' });
      fake.addRedisInstance(sessions);
      fake.addBucket(PROJECT, exportsBucket);
      fake.addBucket('another-project', { ...exportsBucket, id: 'not-ours', name: 'not-ours' });
      fake.addSecret(dbCredentials, [
        JSON.stringify({ username: 'orders', password: 'rotated-away' }),
        JSON.stringify({ username: 'orders', password: 's3cr3t-v2', port: 5432 }),
      ]);
      fake.addSecret(apiKey, ['pk_live_plain_text']);
      // Pub/Sub resources exist only once created, as in the real service (Topic and Subscription bodies of the Discovery excerpt).
      await putPubSubResource(pubsub, `projects/${PROJECT}/topics/orders-events`, { labels: { team: 'orders' } });
      await putPubSubResource(pubsub, `projects/${PROJECT}/subscriptions/orders-worker`, {
        topic: `projects/${PROJECT}/topics/orders-events`,
        ackDeadlineSeconds: 30,
      });

      /*
       * Application default credentials from a workload identity federation configuration file
       * (https://google.aip.dev/auth/4117; fields as `gcloud iam workload-identity-pools create-cred-config`
       * writes them, https://cloud.google.com/iam/docs/workload-identity-federation-with-other-providers#create-cred-config):
       * both google-auth-library copies (10 for the gax clients, 9 inside @google-cloud/storage) read it
       * and exchange the subject token at the local STS, so every client authenticates for real.
       */
      workdir = mkdtempSync(join(tmpdir(), 'gcp-services-'));
      subjectTokenFile = join(workdir, 'subject-token');
      writeFileSync(subjectTokenFile, SUBJECT_TOKEN);
      const adcFile = join(workdir, 'external-account.json');
      writeFileSync(
        adcFile,
        JSON.stringify({
          type: 'external_account',
          audience:
            '//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/fleet/providers/control-plane',
          subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
          token_url: sts.tokenUrl,
          credential_source: { file: subjectTokenFile },
        }),
      );
      process.env.GOOGLE_APPLICATION_CREDENTIALS = adcFile;
      // Without it google-auth-library asks Cloud Resource Manager for the audience's project id.
      process.env.GOOGLE_CLOUD_PROJECT = PROJECT;
      gcp = adapter();
    });
    after(async () => {
      for (const [name, value] of Object.entries(previousEnvironment)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      await Promise.all([fake?.stop(), sts?.stop(), pubsub?.stop()]);
      if (workdir) rmSync(workdir, { recursive: true, force: true });
    });
    beforeEach(() => {
      fake.requests.splice(0);
      writeFileSync(subjectTokenFile, SUBJECT_TOKEN);
    });

    describe('describe', () => {
      it('reads a Cloud SQL for PostgreSQL instance: public address, engine port, state, region and user labels', async () => {
        const facts = await gcp.describe(`projects/${PROJECT}/instances/orders-db`, credential);
        assert.deepEqual(facts, {
          cloud: 'gcp',
          nativeId: `projects/${PROJECT}/instances/orders-db`,
          product: 'cloudsql-instance',
          serviceClass: 'postgresql',
          name: 'orders-db',
          region: 'europe-west1',
          endpoint: { host: '34.77.10.20', port: 5432 },
          engine: 'postgres 15',
          state: 'available',
          cloudState: 'RUNNABLE',
          tags: { team: 'orders', env: 'prod' },
        });
        assert.equal(fake.requests[0].path, `/v1/projects/${PROJECT}/instances/orders-db`);
        assert.match(decodeURIComponent(fake.requests[0].query), /enum-encoding=int/);
        assert.equal(fake.requests[0].authorization, `Bearer ${ACCESS_TOKEN}`);
      });

      it('names the primary of a cross-region read replica and falls back to its private address', async () => {
        const facts = await gcp.describe(`projects/${PROJECT}/instances/orders-db-replica`, credential);
        assert.equal(facts.replicaOf, `projects/${PROJECT}/instances/orders-db`);
        assert.deepEqual(facts.endpoint, { host: '10.20.0.5', port: 5432 });
        assert.equal(facts.region, 'us-east1');
      });

      it('reads a MySQL instance still being created as creating, with no address yet', async () => {
        const facts = await gcp.describe(`projects/${PROJECT}/instances/ledger`, credential);
        assert.equal(facts.serviceClass, 'mysql');
        assert.equal(facts.engine, 'mysql 8.0.36');
        assert.equal(facts.state, 'creating');
        assert.equal(facts.cloudState, 'PENDING_CREATE');
        assert.equal(facts.endpoint, undefined);
      });

      it('refuses a Cloud SQL for SQL Server instance, which no service class covers', async () => {
        await assert.rejects(gcp.describe(`projects/${PROJECT}/instances/legacy`, credential), InvalidRequest);
      });

      it('reads a Memorystore for Redis instance with its host, port, engine and the region of its location', async () => {
        const facts = await gcp.describe(sessions.name, credential);
        assert.deepEqual(facts, {
          cloud: 'gcp',
          nativeId: sessions.name,
          product: 'memorystore-redis',
          serviceClass: 'redis',
          name: 'sessions',
          region: 'europe-west1',
          endpoint: { host: '10.0.0.3', port: 6379 },
          engine: 'redis 7.0',
          state: 'available',
          cloudState: 'READY',
          tags: { team: 'web' },
        });
        assert.equal(fake.requests[0].path, `/v1/${sessions.name}`);
      });

      it('reads a Cloud Storage bucket by either of its names, reporting the canonical one', async () => {
        const expected = {
          cloud: 'gcp',
          nativeId: 'projects/_/buckets/acme-orders-exports',
          product: 'gcs-bucket',
          serviceClass: 'object-storage',
          name: 'acme-orders-exports',
          region: 'europe-west1',
          uri: 'gs://acme-orders-exports',
          state: 'available',
          cloudState: '',
          tags: { team: 'orders' },
        };
        assert.deepEqual(await gcp.describe('projects/_/buckets/acme-orders-exports', credential), expected);
        assert.deepEqual(await gcp.describe('//storage.googleapis.com/acme-orders-exports', credential), expected);
        assert.equal(fake.requests[0].path, '/storage/v1/b/acme-orders-exports');
        assert.equal(fake.requests[0].authorization, `Bearer ${ACCESS_TOKEN}`);
      });

      it('reads a Pub/Sub topic and subscription from the emulator as global queues', async () => {
        const topic = await gcp.describe(`projects/${PROJECT}/topics/orders-events`, credential);
        assert.equal(topic.product, 'pubsub-topic');
        assert.equal(topic.serviceClass, 'queue');
        assert.equal(topic.region, 'global');
        assert.equal(topic.state, 'available');
        assert.deepEqual(topic.tags, { team: 'orders' });
        const subscription = await gcp.describe(`projects/${PROJECT}/subscriptions/orders-worker`, credential);
        assert.equal(subscription.product, 'pubsub-subscription');
        assert.equal(subscription.nativeId, `projects/${PROJECT}/subscriptions/orders-worker`);
        assert.equal(subscription.state, 'available');
      });

      it('reads a Secret Manager secret without reading its value', async () => {
        const facts = await gcp.describe(dbCredentials.name, credential);
        assert.equal(facts.product, 'secret-manager-secret');
        assert.equal(facts.serviceClass, 'secret');
        assert.equal(facts.name, 'orders-db-credentials');
        assert.deepEqual(facts.tags, { team: 'orders' });
        assert.ok(fake.requests.every((request) => !request.path.endsWith(':access')));
      });

      it('answers a name Google does not know with ResourceNotFound, for every product', async () => {
        for (const nativeId of [
          `projects/${PROJECT}/instances/ghost`,
          `projects/${PROJECT}/locations/europe-west1/instances/ghost`,
          'projects/_/buckets/ghost-bucket',
          `projects/${PROJECT}/topics/ghost`,
          `projects/${PROJECT}/secrets/ghost`,
        ]) {
          const error: unknown = await gcp.describe(nativeId, credential).catch((e: unknown) => e);
          assert.ok(error instanceof ResourceNotFound, `${nativeId}: ${String(error)}`);
          assert.equal(error.provider, 'gcp');
          assert.equal(error.cloudCode, 'NOT_FOUND');
        }
      });

      it('refuses a name that is no Google managed service before calling Google', async () => {
        await assert.rejects(
          gcp.describe('projects/acme-prod/zones/europe-west1-b/disks/d1', credential),
          InvalidRequest,
        );
        assert.equal(fake.requests.length, 0);
      });
    });

    describe('discover', () => {
      it("lists every PostgreSQL and MySQL instance, Redis instance, bucket, topic, subscription and secret of the project, and nothing of another's", async () => {
        const found = await gcp.discover({ projectId: PROJECT }, credential);
        assert.deepEqual(
          found.map((facts) => facts.nativeId).sort(),
          [
            'projects/_/buckets/acme-orders-exports',
            `projects/${PROJECT}/instances/ledger`,
            `projects/${PROJECT}/instances/orders-db`,
            `projects/${PROJECT}/instances/orders-db-replica`,
            sessions.name,
            dbCredentials.name,
            apiKey.name,
            `projects/${PROJECT}/subscriptions/orders-worker`,
            `projects/${PROJECT}/topics/orders-events`,
          ].sort(),
        );
        const paths = fake.requests.map(
          (request) => `${request.path}${request.query.startsWith('?project=') ? request.query : ''}`,
        );
        assert.ok(paths.includes(`/v1/projects/${PROJECT}/instances`));
        assert.ok(paths.includes(`/v1/projects/${PROJECT}/locations/-/instances`));
        assert.ok(paths.some((path) => path.startsWith('/storage/v1/b?project=acme-prod')));
        assert.ok(paths.includes(`/v1/projects/${PROJECT}/secrets`));
      });

      it('refuses a listing Memorystore could not complete rather than passing it off as whole', async () => {
        fake.setUnreachableLocations(['asia-east1']);
        try {
          const error: unknown = await gcp.discover({ projectId: PROJECT }, credential).catch((e: unknown) => e);
          assert.ok(error instanceof CloudUnavailable, String(error));
          assert.equal(error.cloudMessage, 'asia-east1');
        } finally {
          fake.setUnreachableLocations([]);
        }
      });
    });

    describe('readSecret', () => {
      it('reads the latest version of a JSON secret as its fields, with the version Google resolved', async () => {
        const reading = await gcp.readSecret(`${dbCredentials.name}/versions/latest`, credential);
        assert.deepEqual(reading, {
          fields: { username: 'orders', password: 's3cr3t-v2', port: '5432' },
          version: '2',
        });
        assert.equal(fake.requests[0].path, `/v1/${dbCredentials.name}/versions/latest:access`);
      });

      it('reads a pinned version, and a bare secret name as its latest version', async () => {
        assert.deepEqual((await gcp.readSecret(`${dbCredentials.name}/versions/1`, credential)).fields, {
          username: 'orders',
          password: 'rotated-away',
        });
        assert.equal((await gcp.readSecret(dbCredentials.name, credential)).version, '2');
      });

      it('reads a secret that is not a JSON object as the one field "value"', async () => {
        const reading = await gcp.readSecret(apiKey.name, credential);
        assert.deepEqual(reading, { fields: { value: 'pk_live_plain_text' }, version: '1' });
      });

      it('answers a missing version with ResourceNotFound and a malformed reference with InvalidRequest', async () => {
        await assert.rejects(gcp.readSecret(`${dbCredentials.name}/versions/9`, credential), ResourceNotFound);
        await assert.rejects(gcp.readSecret('orders-db-credentials', credential), InvalidRequest);
      });
    });

    describe('failures', () => {
      it('reports a subject token the STS refuses as CredentialInvalid, before any API call', async () => {
        writeFileSync(subjectTokenFile, 'revoked');
        const error = await adapter()
          .describe(`projects/${PROJECT}/instances/orders-db`, credential)
          .catch((e: unknown) => e);
        assert.ok(error instanceof CredentialInvalid, String(error));
        assert.equal(error.cloudCode, 'invalid_grant');
        assert.equal(fake.requests.length, 0);
      });

      it('reports a token the API refuses as CredentialInvalid, for the gax clients and for Cloud Storage', async () => {
        writeFileSync(subjectTokenFile, 'an-identity-google-does-not-know');
        const stranger = adapter();
        for (const nativeId of [`projects/${PROJECT}/instances/orders-db`, 'projects/_/buckets/acme-orders-exports']) {
          const error: unknown = await stranger.describe(nativeId, credential).catch((e: unknown) => e);
          assert.ok(error instanceof CredentialInvalid, `${nativeId}: ${String(error)}`);
          assert.equal(error.cloudCode, 'UNAUTHENTICATED');
        }
      });

      it('reports a denied call as PermissionDenied without retrying', async () => {
        fake.failNext(1, {
          httpStatus: 403,
          status: 'PERMISSION_DENIED',
          message: 'The caller does not have permission',
        });
        const error = await gcp.describe(sessions.name, credential).catch((e: unknown) => e);
        assert.ok(error instanceof PermissionDenied, String(error));
        assert.equal(fake.requests.length, 1);
      });

      it('retries 503 under the injected policy and reports CloudUnavailable once it is spent', async () => {
        fake.failNext(4, { httpStatus: 503, status: 'UNAVAILABLE', message: 'The service is currently unavailable.' });
        await assert.rejects(gcp.describe(dbCredentials.name, credential), CloudUnavailable);
        assert.equal(fake.requests.length, 4);
        fake.failNext(4, { httpStatus: 503, status: 'UNAVAILABLE', message: 'The service is currently unavailable.' });
        await assert.rejects(gcp.describe('projects/_/buckets/acme-orders-exports', credential), CloudUnavailable);
      });

      it('succeeds once a transient 503 clears', async () => {
        fake.failNext(2, { httpStatus: 503, status: 'UNAVAILABLE', message: 'The service is currently unavailable.' });
        assert.equal((await gcp.describe(`projects/${PROJECT}/instances/orders-db`, credential)).state, 'available');
        assert.equal(fake.requests.length, 3);
      });
    });
  },
);
