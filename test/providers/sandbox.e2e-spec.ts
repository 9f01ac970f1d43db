import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  ClusterNotFound,
  createCloudProviders,
  InvalidRequest,
  SandboxClusterRef,
  SandboxCredential,
  SandboxProvider,
  retryTransientFailures,
} from '@fleetplane/providers';
import { KubeApiFake, startKubeApiFake, tokenKubeconfigText } from './fakes/kube-api-fake';
import { createTestPki } from './fakes/test-ca';

const pki = createTestPki('sandbox-ca');
const fastRetries = retryTransientFailures({ maxRetries: 1, initialDelayMs: 1, maxDelayMs: 5 });

describe('sandbox adapter reading DIR/<name>.kubeconfig files', { timeout: 30_000 }, () => {
  let api: KubeApiFake;
  let directory: string;
  let credential: SandboxCredential;
  const sandbox = new SandboxProvider({ retryPolicy: fastRetries });
  const aws: SandboxClusterRef = {
    provider: 'sandbox',
    name: 'sandbox-aws',
    labels: { cloud: 'aws', region: 'us-east-1' },
  };

  before(async () => {
    api = await startKubeApiFake(pki, 'token-aws', 'v1.30.0');
    directory = await mkdtemp(join(tmpdir(), 'fleetplane-sandbox-'));
    await writeFile(
      join(directory, 'sandbox-aws.kubeconfig'),
      tokenKubeconfigText('sandbox-aws', api.server, pki.caPem, 'token-aws'),
    );
    await writeFile(
      join(directory, 'sandbox-gcp.kubeconfig'),
      tokenKubeconfigText('sandbox-gcp', api.server, pki.caPem, 'token-gcp'),
    );
    await writeFile(join(directory, 'notes.txt'), 'not a kubeconfig');
    credential = { type: 'kubeconfig-directory', directory };
  });
  after(async () => {
    await api?.stop();
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it('discovers every kubeconfig of the directory', async () => {
    const found = await sandbox.discover({ provider: 'sandbox' }, credential);
    assert.deepEqual(
      found.map((cluster) => cluster.ref.name),
      ['sandbox-aws', 'sandbox-gcp'],
    );
  });

  it('describes a sandbox with its labels as tags and its region label as region', async () => {
    const description = await sandbox.describe(aws, credential);
    assert.equal(description.endpoint, api.server);
    assert.equal(description.kubernetesVersion, 'v1.30.0');
    assert.equal(description.region, 'us-east-1');
    assert.deepEqual(description.tags, { cloud: 'aws', region: 'us-east-1' });
  });

  it('checks health through /readyz with the file token', async () => {
    const health = await sandbox.checkHealth(aws, credential);
    assert.equal(health.healthy, true);
    assert.equal(health.cloudStatus, '/readyz 200');
  });

  it('answers a cluster whose kubeconfig is gone with ClusterNotFound', async () => {
    const error = await sandbox
      .describe({ provider: 'sandbox', name: 'sandbox-azure' }, credential)
      .catch((e: unknown) => e);
    assert.ok(error instanceof ClusterNotFound, String(error));
    assert.equal(error.cloudCode, 'ENOENT');
  });

  it('refuses names that would leave the directory', async () => {
    await assert.rejects(
      sandbox.issueAccess({ provider: 'sandbox', name: '../etc/passwd' }, credential),
      InvalidRequest,
    );
  });

  it('reads a single kubeconfig file too', async () => {
    const file: SandboxCredential = { type: 'kubeconfig-file', path: join(directory, 'sandbox-gcp.kubeconfig') };
    assert.deepEqual(await sandbox.discover({ provider: 'sandbox' }, file), [
      { ref: { provider: 'sandbox', name: 'sandbox-gcp' }, region: '' },
    ]);
    const access = await sandbox.issueAccess({ provider: 'sandbox', name: 'sandbox-gcp' }, file);
    assert.equal(access.kubeConfig.getCurrentUser()?.token, 'token-gcp');
  });

  it('picks up a rewritten kubeconfig (sandbox restarted) once cached access reaches its maximum age', async () => {
    let now = new Date('2025-01-01T00:00:00Z');
    const providers = createCloudProviders({
      retryPolicy: fastRetries,
      now: () => now,
      accessCache: { maxAgeMs: 60_000 },
    });
    const first = await providers.access(aws, credential);
    assert.equal(first.kubeConfig.getCurrentUser()?.token, 'token-aws');
    await writeFile(
      join(directory, 'sandbox-aws.kubeconfig'),
      tokenKubeconfigText('sandbox-aws', api.server, pki.caPem, 'token-aws-2'),
    );
    assert.equal(await providers.access(aws, credential), first, 'still cached');
    now = new Date(now.getTime() + 61_000);
    const second = await providers.access(aws, credential);
    assert.equal(second.kubeConfig.getCurrentUser()?.token, 'token-aws-2');
  });
});
