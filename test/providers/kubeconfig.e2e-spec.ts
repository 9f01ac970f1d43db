import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  CloudUnavailable,
  CredentialInvalid,
  InvalidRequest,
  KubeconfigProvider,
  KubeconfigTextCredential,
  retryTransientFailures,
} from '@fleetplane/providers';
import { KubeApiFake, startKubeApiFake, tokenKubeconfigText } from './fakes/kube-api-fake';
import { createTestPki } from './fakes/test-ca';
import { eventually } from '../support/eventually';

const pki = createTestPki('onprem-ca');

const TOKEN = 'onprem-token';

describe('kubeconfig adapter against an HTTPS API server', { timeout: 30_000 }, () => {
  let api: KubeApiFake;
  let credential: KubeconfigTextCredential;
  const provider = new KubeconfigProvider({
    retryPolicy: retryTransientFailures({ maxRetries: 2, initialDelayMs: 1, maxDelayMs: 5 }),
  });
  const onprem = { provider: 'kubeconfig' as const, context: 'onprem' };

  before(async () => {
    api = await startKubeApiFake(pki, TOKEN);
    credential = { type: 'kubeconfig', kubeconfig: tokenKubeconfigText('onprem', api.server, pki.caPem, TOKEN) };
  });
  after(() => api?.stop());
  beforeEach(() => {
    api.setReady(true);
    api.setReadyzAvailable(true);
  });

  it('discovers one cluster per context', async () => {
    assert.deepEqual(await provider.discover({ provider: 'kubeconfig' }, credential), [{ ref: onprem, region: '' }]);
  });

  it('describes the cluster from the kubeconfig and /version', async () => {
    const description = await provider.describe(onprem, credential);
    assert.equal(description.endpoint, api.server);
    assert.equal(description.certificateAuthority, pki.caPem);
    assert.equal(description.kubernetesVersion, 'v1.31.2');
    assert.equal(description.status, 'running');
    await eventually(() => api.openConnections() === 0, 'the one-off describe leaves no connection open');
  });

  it('reports a ready API server healthy and an unready one with the names of its failed checks only', async () => {
    assert.equal((await provider.checkHealth(onprem, credential)).healthy, true);
    api.setReady(false);
    const health = await provider.checkHealth(onprem, credential);
    assert.equal(health.healthy, false);
    assert.equal(health.cloudStatus, '/readyz 500');
    assert.deepEqual(health.issues, [{ code: 'ReadyzCheckFailed', message: 'etcd failed' }]);
  });

  it('falls back to /version on servers without /readyz', async () => {
    api.setReadyzAvailable(false);
    const health = await provider.checkHealth(onprem, credential);
    assert.equal(health.healthy, true);
    assert.equal(health.cloudStatus, '/version 200');
  });

  it('reports a rejected token as CredentialInvalid', async () => {
    const stale = {
      type: 'kubeconfig' as const,
      kubeconfig: tokenKubeconfigText('onprem', api.server, pki.caPem, 'old'),
    };
    const error = await provider.checkHealth(onprem, stale).catch((e: unknown) => e);
    assert.ok(error instanceof CredentialInvalid, String(error));
    assert.equal(error.cloudCode, '401');
  });

  it('reports a server certificate the kubeconfig CA does not sign as unreachable, as a closed port reads', async () => {
    const otherCa = createTestPki('someone-else').caPem;
    const wrongCa = {
      type: 'kubeconfig' as const,
      kubeconfig: tokenKubeconfigText('onprem', api.server, otherCa, TOKEN),
    };
    const before = api.requests.length;
    const error = await provider.checkHealth(onprem, wrongCa).catch((e: unknown) => e);
    assert.ok(error instanceof CloudUnavailable, String(error));
    assert.deepEqual(
      [error.message, error.cloudCode, error.cloudMessage],
      ['API server unreachable', undefined, undefined],
    );
    assert.equal(api.requests.length, before);
  });

  it('reports a server nobody listens on as CloudUnavailable after retries', async () => {
    const gone = {
      type: 'kubeconfig' as const,
      kubeconfig: tokenKubeconfigText('onprem', 'https://127.0.0.1:9', pki.caPem, TOKEN),
    };
    const error = await provider.checkHealth(onprem, gone).catch((e: unknown) => e);
    assert.ok(error instanceof CloudUnavailable, String(error));
    assert.deepEqual(
      [error.message, error.cloudCode, error.cloudMessage],
      ['API server unreachable', undefined, undefined],
    );
  });

  it('issues the selected context as a non-expiring KubeConfig, and refuses unknown contexts', async () => {
    const access = await provider.issueAccess(onprem, credential);
    assert.equal(access.expiresAt, null);
    assert.equal(access.kubeConfig.getCurrentUser()?.token, TOKEN);
    await assert.rejects(
      provider.issueAccess({ provider: 'kubeconfig', context: 'elsewhere' }, credential),
      InvalidRequest,
    );
  });

  it('refuses kubeconfigs that would run commands or read files on the control plane', async () => {
    const exec = credential.kubeconfig.replace(
      `token: ${TOKEN}`,
      'exec: { command: /bin/sh, apiVersion: client.authentication.k8s.io/v1 }',
    );
    const caFile = credential.kubeconfig.replace(
      /certificate-authority-data: .*/,
      'certificate-authority: /etc/ssl/private/ca.pem',
    );
    for (const kubeconfig of [exec, caFile]) {
      await assert.rejects(provider.issueAccess(onprem, { type: 'kubeconfig', kubeconfig }), InvalidRequest);
    }
  });
});
