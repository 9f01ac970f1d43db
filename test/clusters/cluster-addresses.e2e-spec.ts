import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ForbiddenAddress, getFromApiServer } from '@fleetplane/kube';
import { createCloudProviders } from '@fleetplane/providers';
import { ClusterAddressPolicy } from '@fleetplane/security';
import { KubeApiFake, startKubeApiFake, tokenKubeconfigText } from '../providers/fakes/kube-api-fake';
import { createTestPki } from '../providers/fakes/test-ca';
import { RunningControlPlane, bearer, startControlPlane } from '../support/control-plane';

const pki = createTestPki('address-ca');
const TOKEN = 'address-token';

describe('clusters aimed at the control plane’s own network', { timeout: 60_000 }, () => {
  let api: KubeApiFake;
  let plane: RunningControlPlane;
  const kubeconfigAt = (server: string) => tokenKubeconfigText('onprem', server, pki.caPem, TOKEN);
  const register = (name: string, server: string) =>
    plane.http
      .post('/v1/clusters')
      .set(bearer(plane.adminToken))
      .send({
        name,
        ref: { provider: 'kubeconfig', context: 'onprem' },
        credential: { type: 'kubeconfig', kubeconfig: kubeconfigAt(server) },
      });

  before(async () => {
    api = await startKubeApiFake(pki, TOKEN);
    // No allowed network: the harness's loopback default is taken away.
    plane = await startControlPlane('embedded', { FLEETPLANE_ALLOWED_CLUSTER_NETWORKS: '' });
  });
  after(async () => {
    await plane?.close();
    await api?.stop();
  });

  it('refuses a loopback API server at registration with 422 naming the credential, sending it nothing', async () => {
    for (const server of [api.server, api.server.replace('127.0.0.1', 'localhost')]) {
      const response = await register('loopback', server);
      assert.equal(response.status, 422, JSON.stringify(response.body));
      assert.equal(response.body.errors[0].field, 'credential');
      assert.match(response.body.errors[0].message, /loopback address.*FLEETPLANE_ALLOWED_CLUSTER_NETWORKS/);
    }
    assert.deepEqual(api.requests, []);
  });

  it('refuses link-local and unspecified API servers, metadata services among them, without connecting', async () => {
    for (const server of ['https://169.254.169.254', 'https://[fe80::1]:6443', 'https://0.0.0.0:6443']) {
      const response = await register('metadata', server).expect(422);
      assert.equal(response.body.errors[0].field, 'credential', server);
    }
  });

  it('judges the address a name resolves to when connecting, not only at registration', async () => {
    const providers = createCloudProviders({ addressGuard: new ClusterAddressPolicy([], []) });
    const ref = { provider: 'kubeconfig' as const, context: 'onprem' };
    const credential = {
      type: 'kubeconfig' as const,
      kubeconfig: kubeconfigAt(api.server.replace('127.0.0.1', 'localhost')),
    };
    const { kubeConfig } = await providers.access(ref, credential);
    await assert.rejects(getFromApiServer(kubeConfig, '/readyz', 5_000, AbortSignal.timeout(5_000)), ForbiddenAddress);
    assert.deepEqual(api.requests, []);
  });
});

describe('a cluster’s API server URL', { timeout: 60_000 }, () => {
  let api: KubeApiFake;
  let plane: RunningControlPlane;

  before(async () => {
    api = await startKubeApiFake(pki, TOKEN);
    plane = await startControlPlane('embedded');
  });
  after(async () => {
    await plane?.close();
    await api?.stop();
  });

  it('is refused with 422 when it carries a user and password', async () => {
    const server = api.server.replace('https://', 'https://admin:s3cret@');
    const response = await plane.http
      .post('/v1/clusters')
      .set(bearer(plane.adminToken))
      .send({
        name: 'userinfo',
        ref: { provider: 'kubeconfig', context: 'onprem' },
        credential: { type: 'kubeconfig', kubeconfig: tokenKubeconfigText('onprem', server, pki.caPem, TOKEN) },
      })
      .expect(422);
    assert.deepEqual(response.body.errors, [
      { field: 'credential', message: 'the API server URL must not carry a user or password' },
    ]);
  });
});
