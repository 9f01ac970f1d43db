import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { KubeConfig } from '@kubernetes/client-node';
import { getFromApiServer } from '@fleetplane/kube';
import { KubeconfigTextCredential, createCloudProviders } from '@fleetplane/providers';
import { FakeProtocol, KubeApiFake, startKubeApiFake, tokenKubeconfigText } from './fakes/kube-api-fake';
import { createTestPki } from './fakes/test-ca';
import { eventually } from '../support/eventually';

const pki = createTestPki('retire-ca');
const TOKEN = 'retire-token';
const MAX_AGE_MS = 10 * 60_000;

async function readyz(kubeConfig: KubeConfig): Promise<number> {
  return (await getFromApiServer(kubeConfig, '/readyz', 5_000, AbortSignal.timeout(5_000))).status;
}

for (const protocol of ['http/1.1', 'h2'] as FakeProtocol[]) {
  describe(`connections of access the cache no longer hands out (${protocol})`, { timeout: 30_000 }, () => {
    let api: KubeApiFake;
    let credential: KubeconfigTextCredential;
    let now = 0;
    const providers = createCloudProviders({ now: () => new Date(now), accessCache: { maxAgeMs: MAX_AGE_MS } });
    const onprem = { provider: 'kubeconfig' as const, context: 'onprem' };

    before(async () => {
      api = await startKubeApiFake(pki, TOKEN, undefined, protocol);
      credential = { type: 'kubeconfig', kubeconfig: tokenKubeconfigText('onprem', api.server, pki.caPem, TOKEN) };
    });
    after(() => api?.stop());

    it('closes when the access is re-issued, while the new access keeps its own alive', async () => {
      const first = await providers.access(onprem, credential);
      assert.equal(await readyz(first.kubeConfig), 200);
      assert.equal(await readyz(first.kubeConfig), 200);
      assert.equal(api.openConnections(), 1, 'one kept-alive connection serves both requests');
      assert.deepEqual(api.protocols(), [protocol]);

      now += MAX_AGE_MS + 1;
      const second = await providers.access(onprem, credential);
      assert.notEqual(second.kubeConfig, first.kubeConfig);
      await eventually(() => api.openConnections() === 0, 'the retired access has no connection left');

      assert.equal(await readyz(second.kubeConfig), 200);
      assert.equal(await readyz(first.kubeConfig), 200, 'a caller still holding the old access is answered');
      await eventually(() => api.openConnections() === 1, 'only the new access keeps a connection');
    });

    it('closes when the access is forgotten', async () => {
      const held = await providers.access(onprem, credential);
      assert.equal(await readyz(held.kubeConfig), 200);
      assert.equal(api.openConnections(), 1);
      providers.forgetAccess(onprem);
      await eventually(() => api.openConnections() === 0, 'the forgotten access has no connection left');
    });
  });
}
