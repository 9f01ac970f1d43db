import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';

/** The compiled library, imported in a fresh process: this process has loaded far more already. */
const LIBRARY = join(__dirname, '../../libs/providers/src');

/** What the managed-services adapters use and nothing else in the library imports. */
const MANAGED_SERVICE_SDKS = [
  '@google-cloud/pubsub',
  '@google-cloud/redis',
  '@google-cloud/secret-manager',
  '@google-cloud/sql',
  '@google-cloud/storage',
  '@azure/arm-keyvault',
  '@azure/arm-mysql-flexible',
  '@azure/arm-postgresql-flexible',
  '@azure/arm-rediscache',
  '@azure/arm-servicebus',
  '@azure/arm-storage',
  '@azure/keyvault-secrets',
];

/**
 * Imports the library, notes which SDKs are loaded, then makes one call through each managed-services
 * adapter (with a signal already aborted: the clients are built, nothing goes over the network) and
 * notes them again.
 */
const CHILD = `
const [library, sdksJson] = process.argv.slice(1);
const sdks = JSON.parse(sdksJson);
const loaded = () => sdks.filter((sdk) => require.cache[require.resolve(sdk)] !== undefined);
const providers = require(library);
const atImport = loaded();
const options = { retryPolicy: providers.retryTransientFailures({ maxRetries: 0 }) };
const gcp = new providers.GcpManagedServices(options);
const azure = new providers.AzureManagedServices(options);
const gcpCredential = {
  type: 'gcp-service-account-key',
  keyJson: JSON.stringify({ type: 'service_account', client_email: 'sa@acme.iam.gserviceaccount.com', private_key: 'unused', project_id: 'acme' }),
};
const azureCredential = { type: 'azure-client-secret', tenantId: 't', clientId: 'c', clientSecret: 's' };
const aborted = { signal: AbortSignal.abort() };
Promise.allSettled([
  gcp.describe('projects/acme/instances/orders-db', gcpCredential, aborted),
  azure.describe('/subscriptions/s/resourceGroups/g/providers/Microsoft.Cache/redis/cache', azureCredential, aborted),
  azure.readSecret('https://acme.vault.azure.net/secrets/db', azureCredential, aborted),
]).then(() => {
  console.log(JSON.stringify({ atImport, afterFirstCalls: loaded() }));
  process.exit(0);
});
`;

describe('the managed-services SDKs', { timeout: 60_000 }, () => {
  it('are not loaded by importing the library, only by the first call that needs a client', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [
      '-e',
      CHILD,
      LIBRARY,
      JSON.stringify(MANAGED_SERVICE_SDKS),
    ]);
    const { atImport, afterFirstCalls } = JSON.parse(stdout);
    assert.deepEqual(atImport, []);
    assert.deepEqual(afterFirstCalls, MANAGED_SERVICE_SDKS);
  });
});
