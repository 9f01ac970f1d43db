import type { AccessToken, TokenCredential } from '@azure/core-auth';
import assert from 'node:assert/strict';
import { Agent } from 'node:https';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  AzureCredential,
  AzureManagedServices,
  CloudUnavailable,
  CredentialInvalid,
  InvalidRequest,
  PermissionDenied,
  ResourceNotFound,
  retryTransientFailures,
} from '@fleetplane/providers';
import { backends } from '../support/database';
import { bearer, startControlPlane, tokenFor } from '../support/control-plane';
import { armExample, AzureServicesFake, Resource, startAzureServicesFake } from './fakes/azure-services-fake';
import { readFixture } from './fakes/fixtures';
import { createTestPki } from './fakes/test-ca';

const ARM_TOKEN = 'entra-token-for-tests';
const credential: AzureCredential = { type: 'azure-client-secret', tenantId: 't', clientId: 'c', clientSecret: 's' };
const pki = createTestPki('azure-services-ca');
const API_CREDENTIAL: AzureCredential = {
  type: 'azure-client-secret',
  tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  clientId: '00000000-0000-0000-0000-000000000000',
  clientSecret: 'not-a-real-secret',
};

/** A TokenCredential with one fixed token, recording which scopes were asked for. */
class FixedTokenCredential implements TokenCredential {
  readonly scopes: string[] = [];
  constructor(private readonly token: string) {}
  async getToken(scopes: string | string[]): Promise<AccessToken> {
    this.scopes.push([scopes].flat().join(' '));
    return { token: this.token, expiresOnTimestamp: Date.parse('2030-01-01T00:00:00.000Z') };
  }
}

// The published examples, by their own resource ids and subscriptions.
const postgres = armExample('postgresServer');
const redis = armExample('redisCache');
const storage = armExample('storageAccount');
const namespace = armExample('serviceBusNamespace');
const queue = armExample('serviceBusQueue');
const vault = armExample('keyVault');
const secret = armExample('keyVaultSecret');
const subscriptionOf = (id: string) => id.split('/')[2];
const parentOf = (id: string) => id.split('/').slice(0, -2).join('/');
const RG_OF_SECRET = secret.id.split('/providers/')[0];

/**
 * The queue and the ARM secret examples name parents no published example describes (namespace
 * `sdk-Namespace-3174`; vault `sample-vault` in group `sample-group`, while getVault.json's is in
 * `sample-resource-group`). The fake also serves the published namespace and vault bodies at those
 * ids: `id` and `name` changed, every other field as published.
 */
const rehomed = (body: Resource, id: string): Resource => ({ ...body, id, name: id.split('/').pop() ?? '' });
const queueNamespace = rehomed(namespace, parentOf(queue.id));
const secretVault = rehomed(vault, parentOf(secret.id));
const keyVaultSecret = readFixture<{ responses: { '200': { body: { id: string } } } }>(
  'azure-services/keyvault/dataplane-GetSecret-example.json',
).responses['200'].body;

describe('Azure managed services against a local Resource Manager and Key Vault (HTTPS)', { timeout: 60_000 }, () => {
  let fake: AzureServicesFake;
  let azure: AzureManagedServices;
  let identity: FixedTokenCredential;
  const adapter = (token: TokenCredential) =>
    new AzureManagedServices({
      retryPolicy: retryTransientFailures({ maxRetries: 3, initialDelayMs: 1, maxDelayMs: 5 }),
      services: {
        azure: {
          endpoint: fake.endpoint,
          keyVaultEndpoint: fake.endpoint,
          agent: new Agent({ ca: pki.caPem }),
          tokenCredentialFor: () => token,
        },
      },
    });

  before(async () => {
    fake = await startAzureServicesFake(pki, ARM_TOKEN, [queueNamespace, secretVault]);
    identity = new FixedTokenCredential(ARM_TOKEN);
    azure = adapter(identity);
  });
  after(() => fake?.stop());
  beforeEach(() => fake.requests.splice(0));

  describe('describe', () => {
    it('reads the published PostgreSQL flexible server: its FQDN on 5432, version, state and region', async () => {
      const facts = await azure.describe(postgres.id, credential);
      assert.deepEqual(facts, {
        cloud: 'azure',
        nativeId: postgres.id,
        product: 'azure-postgresql-flexible',
        serviceClass: 'postgresql',
        name: 'exampleserver',
        region: 'westus',
        endpoint: { host: 'exampleserver.postgres.database.azure.com', port: 5432 },
        engine: 'postgres 16.8',
        state: 'available',
        cloudState: 'Ready',
        tags: {},
      });
      assert.equal(fake.requests[0].path, postgres.id);
      assert.match(fake.requests[0].apiVersion ?? '', /^\d{4}-\d{2}-\d{2}/);
      assert.equal(fake.requests[0].authorization, `Bearer ${ARM_TOKEN}`);
      // The ARM clients ask for a token of their endpoint's audience (`https://management.azure.com/.default` by default).
      assert.ok(identity.scopes.includes(`${fake.endpoint}/.default`));
    });

    it('reads the published Redis cache, which is still being created, on its non-TLS port since the example enables it', async () => {
      const facts = await azure.describe(redis.id, credential);
      assert.deepEqual(facts, {
        cloud: 'azure',
        nativeId: redis.id,
        product: 'azure-cache-redis',
        serviceClass: 'redis',
        name: 'cache1',
        region: 'eastus',
        endpoint: { host: 'cache1.redis.cache.windows.net', port: 6379 },
        engine: 'redis 3.2',
        state: 'creating',
        cloudState: 'Creating',
        tags: {},
      });
    });

    it('reads the published storage account as its primary blob endpoint, with its tags', async () => {
      const facts = await azure.describe(storage.id, credential);
      assert.deepEqual(facts, {
        cloud: 'azure',
        nativeId: storage.id,
        product: 'azure-storage-account',
        serviceClass: 'object-storage',
        name: 'sto8596',
        region: 'eastus2(stage)',
        uri: 'https://sto8596.blob.core.windows.net/',
        state: 'available',
        cloudState: 'Succeeded',
        tags: { key1: 'value1', key2: 'value2' },
      });
    });

    it('reads the published Service Bus namespace as a queue service at its endpoint', async () => {
      const facts = await azure.describe(namespace.id, credential);
      assert.deepEqual(facts, {
        cloud: 'azure',
        nativeId: namespace.id,
        product: 'azure-servicebus-namespace',
        serviceClass: 'queue',
        name: 'sdk-Namespace-2924',
        region: 'southcentralus',
        endpoint: { host: 'sdk-namespace-2924.servicebus.windows-int.net' },
        uri: 'https://sdk-Namespace-2924.servicebus.windows-int.net:443/',
        state: 'available',
        cloudState: 'Succeeded',
        tags: { tag1: 'value1', tag2: 'value2' },
      });
    });

    it('reads the published Service Bus queue at its namespace’s endpoint and region, its status its state', async () => {
      const facts = await azure.describe(queue.id, credential);
      assert.deepEqual(facts, {
        cloud: 'azure',
        nativeId: queue.id,
        product: 'azure-servicebus-queue',
        serviceClass: 'queue',
        name: 'sdk-Queues-5647',
        region: 'southcentralus',
        endpoint: { host: 'sdk-namespace-2924.servicebus.windows-int.net' },
        uri: 'https://sdk-Namespace-2924.servicebus.windows-int.net:443/',
        state: 'available',
        cloudState: 'Active',
        tags: {},
      });
      assert.deepEqual(
        fake.requests.map((request) => request.path),
        [queue.id, queueNamespace.id],
      );
    });

    it('reads the published Key Vault secret’s metadata through ARM: its URI, region and enabled flag, no value', async () => {
      const facts = await azure.describe(secret.id, credential);
      assert.deepEqual(facts, {
        cloud: 'azure',
        nativeId: secret.id,
        product: 'key-vault-secret',
        serviceClass: 'secret',
        name: 'secret-name',
        region: 'westus',
        uri: 'https://sample-vault.vault.azure.net/secrets/secret-name',
        state: 'available',
        cloudState: 'Enabled',
        tags: {},
      });
      assert.equal(fake.requests[0].path, secret.id);
      assert.match(fake.requests[0].apiVersion ?? '', /^\d{4}-\d{2}-\d{2}/);
    });

    it('answers a resource ARM does not know with ResourceNotFound carrying the ARM code', async () => {
      const ghost = postgres.id.replace('exampleserver', 'ghost');
      const error: unknown = await azure.describe(ghost, credential).catch((e: unknown) => e);
      assert.ok(error instanceof ResourceNotFound, String(error));
      assert.equal(error.provider, 'azure');
      assert.equal(error.cloudCode, 'ResourceNotFound');
    });

    it('refuses a resource type no product covers before calling Azure', async () => {
      const vm = postgres.id.replace('Microsoft.DBforPostgreSQL/flexibleServers', 'Microsoft.Compute/virtualMachines');
      await assert.rejects(azure.describe(vm, credential), InvalidRequest);
      assert.equal(fake.requests.length, 0);
    });
  });

  describe('discover', () => {
    it('lists each subscription’s services across every product, and only its own', async () => {
      // The Redis example's subscription id, "subid", is no uuid: the Redis SDK refuses it for list calls.
      const ids = async (subscriptionId: string) =>
        (await azure.discover({ subscriptionId }, credential)).map((facts) => facts.nativeId);
      assert.deepEqual(await ids(subscriptionOf(postgres.id)), [postgres.id]);
      assert.deepEqual(await ids(subscriptionOf(namespace.id)), [namespace.id, queueNamespace.id, queue.id]);
      assert.deepEqual(await ids(subscriptionOf(secret.id)), [secret.id]);
      const paths = fake.requests.map((request) => request.path.toLowerCase());
      for (const type of [
        'microsoft.dbforpostgresql/flexibleservers',
        'microsoft.dbformysql/flexibleservers',
        'microsoft.cache/redis',
        'microsoft.storage/storageaccounts',
        'microsoft.servicebus/namespaces',
        'microsoft.keyvault/vaults',
      ]) {
        assert.ok(paths.includes(`/subscriptions/${subscriptionOf(namespace.id)}/providers/${type}`), type);
      }
      // Each namespace's queues and each vault's secrets are listed (ARM's Secrets_List: metadata, no values).
      assert.ok(paths.includes(`${namespace.id.toLowerCase()}/queues`));
      assert.ok(paths.includes(`${vault.id.toLowerCase()}/secrets`));
      assert.ok(paths.includes(`${secretVault.id.toLowerCase()}/secrets`));
    });

    it('narrows to a resource group', async () => {
      const scope = { subscriptionId: subscriptionOf(postgres.id) };
      assert.equal((await azure.discover({ ...scope, resourceGroup: 'exampleresourcegroup' }, credential)).length, 1);
      assert.equal((await azure.discover({ ...scope, resourceGroup: 'other' }, credential)).length, 0);
      assert.ok(
        fake.requests.some((request) =>
          /\/resourceGroups\/exampleresourcegroup\/providers\/Microsoft\.DBforPostgreSQL\/flexibleServers$/i.test(
            request.path,
          ),
        ),
      );
    });
  });

  describe('readSecret', () => {
    it('reads the published Key Vault secret after answering the vault’s challenge, with its version', async () => {
      const reading = await azure.readSecret(keyVaultSecret.id, credential);
      assert.deepEqual(reading, { fields: { value: 'mysecretvalue' }, version: '4387e9f3d6e14c459867679a90fd0f79' });
      const vaultRequests = fake.requests.filter((request) => request.path.startsWith('/secrets/'));
      // Unauthenticated first, answered with the vault's challenge, whose resource is the token's audience.
      assert.equal(vaultRequests[0].authorization, undefined);
      assert.equal(vaultRequests.at(-1)?.authorization, `Bearer ${ARM_TOKEN}`);
      assert.equal(vaultRequests.at(-1)?.path, '/secrets/mysecretname/4387e9f3d6e14c459867679a90fd0f79');
      assert.ok(identity.scopes.includes('https://vault.azure.net/.default'));
    });

    it('reads the current version when the URI names none', async () => {
      const reading = await azure.readSecret('https://myvault.vault.azure.net/secrets/mysecretname', credential);
      assert.equal(reading.version, '4387e9f3d6e14c459867679a90fd0f79');
    });

    it('answers a secret the vault does not hold with ResourceNotFound', async () => {
      const error: unknown = await azure
        .readSecret('https://myvault.vault.azure.net/secrets/ghost', credential)
        .catch((e: unknown) => e);
      assert.ok(error instanceof ResourceNotFound, String(error));
      assert.equal(error.cloudCode, 'SecretNotFound');
    });

    it('reads a secret registered by its ARM id at the secretUri ARM reports for it', async () => {
      // The data-plane example holds another secret (mysecretname), so the vault has none by this name.
      const error: unknown = await azure.readSecret(secret.id, credential).catch((e: unknown) => e);
      assert.ok(error instanceof ResourceNotFound, String(error));
      assert.equal(error.cloudCode, 'SecretNotFound');
      assert.equal(fake.requests[0].path, secret.id);
      assert.match(fake.requests.at(-1)?.path ?? '', /^\/secrets\/secret-name\/?$/);
    });

    it('refuses a URI outside Key Vault without sending a token anywhere', async () => {
      await assert.rejects(azure.readSecret(`${fake.endpoint}/secrets/mysecretname`, credential), InvalidRequest);
      assert.equal(fake.requests.length, 0);
    });
  });

  describe('failures', () => {
    it('reports a refused token as CredentialInvalid with the ARM code, without retrying', async () => {
      const error: unknown = await adapter(new FixedTokenCredential('expired'))
        .describe(redis.id, credential)
        .catch((e: unknown) => e);
      assert.ok(error instanceof CredentialInvalid, String(error));
      assert.equal(error.cloudCode, 'InvalidAuthenticationToken');
      assert.equal(fake.requests.length, 1);
    });

    it('reports a denied call as PermissionDenied', async () => {
      fake.failNext(1, {
        status: 403,
        code: 'AuthorizationFailed',
        message: "The client 'c' does not have authorization to perform action 'Microsoft.Cache/redis/read'.",
      });
      const error: unknown = await azure.describe(redis.id, credential).catch((e: unknown) => e);
      assert.ok(error instanceof PermissionDenied, String(error));
      assert.equal(error.cloudCode, 'AuthorizationFailed');
    });

    it('retries 503 under the injected policy, not the SDK’s, and reports CloudUnavailable once it is spent', async () => {
      fake.failNext(4, { status: 503, code: 'ServiceUnavailable', message: 'The service is unavailable.' });
      await assert.rejects(azure.describe(storage.id, credential), CloudUnavailable);
      assert.equal(fake.requests.length, 4);
    });

    it('succeeds once a transient 503 clears', async () => {
      fake.failNext(2, { status: 503, code: 'ServiceUnavailable', message: 'The service is unavailable.' });
      assert.equal((await azure.describe(namespace.id, credential)).state, 'available');
      assert.equal(fake.requests.length, 3);
    });
  });
});

for (const backend of backends()) {
  describe(
    `registering Azure service instances over the API: bad ids (${backend} database)`,
    { timeout: 60_000 },
    () => {
      it('refuses a missing, malformed or unsupported Azure id with a 4xx naming nativeId, and stores nothing', async () => {
        const plane = await startControlPlane(backend);
        try {
          const operator = bearer(await tokenFor(plane, 'payments', 'operator'));
          const register = (body: object) => plane.http.post('/v1/service-instances').set(operator).send(body);
          // A well-formed credential: only the id is wrong. No refusal below reaches Azure.
          const credential = { ...API_CREDENTIAL };
          const vaultId = `${RG_OF_SECRET}/providers/Microsoft.KeyVault/vaults/sample-vault`;
          for (const body of [
            { credential },
            { nativeId: 'https://sample-vault.vault.azure.net/secrets/secret-name', credential },
            { nativeId: vaultId, credential },
            { nativeId: `${vaultId}/keys/k`, credential },
          ]) {
            const refused = await register(body);
            assert.ok(refused.status >= 400 && refused.status < 500, `${refused.status} for ${JSON.stringify(body)}`);
            assert.equal(refused.type, 'application/problem+json');
            const fields = (refused.body as { errors: Array<{ field: string }> }).errors.map((error) => error.field);
            assert.deepEqual([...new Set(fields)], ['nativeId']);
          }
          const listed = await plane.http.get('/v1/service-instances').set(operator).expect(200);
          assert.deepEqual((listed.body as { items: unknown[] }).items, []);
        } finally {
          await plane.close();
        }
      });
    },
  );
}
