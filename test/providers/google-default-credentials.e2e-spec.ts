import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';

const LIBRARY = join(__dirname, '../../libs/providers/src');

/**
 * A host without Google application default credentials: each Google adapter is asked once, then the
 * process waits a few seconds, long enough for a stray rejection inside google-gax to end it.
 */
const CHILD = `
const providers = require(process.argv[1]);
const options = { retryPolicy: providers.retryTransientFailures({ maxRetries: 0 }) };
const credential = { type: 'gcp-application-default' };
const outcome = (promise) => promise.then(() => 'answered', (error) => error.code ?? error.name);
Promise.all([
  outcome(new providers.GkeProvider(options).describe(
    { provider: 'gke', projectId: 'acme', location: 'europe-west1', name: 'prod' }, credential)),
  outcome(new providers.GkeProvider(options).discover({ provider: 'gke', projectId: 'acme' }, credential)),
  outcome(new providers.GcpManagedServices(options).describe('projects/acme/instances/orders-db', credential)),
  outcome(new providers.GcpManagedServices(options).readSecret('projects/acme/secrets/db', credential)),
]).then((outcomes) => setTimeout(() => console.log(JSON.stringify(outcomes)), 3000));
`;

describe('Google adapters on a host without application default credentials', { timeout: 60_000 }, () => {
  it('refuse the credential with CredentialInvalid and the process lives on', async () => {
    const home = await mkdtemp(join(tmpdir(), 'no-adc-'));
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', CHILD, LIBRARY], {
      env: {
        PATH: process.env.PATH,
        HOME: home,
        // Nothing answers here, so the metadata-server probe fails at once instead of waiting on a link-local address.
        GCE_METADATA_HOST: '127.0.0.1:9',
      },
      timeout: 50_000,
    });
    assert.deepEqual(JSON.parse(stdout), [
      'CredentialInvalid',
      'CredentialInvalid',
      'CredentialInvalid',
      'CredentialInvalid',
    ]);
  });
});
