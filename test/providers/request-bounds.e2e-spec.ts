import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { KubeConfig } from '@kubernetes/client-node';
import { getFromApiServer } from '@fleetplane/kube';
import { createCloudProviders } from '@fleetplane/providers';
import { FakeProtocol, KubeApiFake, STALLED_PATH, startKubeApiFake, tokenKubeconfigText } from './fakes/kube-api-fake';
import { createTestPki } from './fakes/test-ca';

const pki = createTestPki('bounds-ca');
const TOKEN = 'bounds-token';

for (const protocol of ['http/1.1', 'h2'] as FakeProtocol[]) {
  describe(`a request the API server never answers (${protocol})`, { timeout: 20_000 }, () => {
    let api: KubeApiFake;
    let kubeConfig: KubeConfig;

    before(async () => {
      api = await startKubeApiFake(pki, TOKEN, undefined, protocol);
      const providers = createCloudProviders();
      const credential = {
        type: 'kubeconfig' as const,
        kubeconfig: tokenKubeconfigText('hung', api.server, pki.caPem, TOKEN),
      };
      ({ kubeConfig } = await providers.access({ provider: 'kubeconfig', context: 'hung' }, credential));
    });
    after(() => api?.stop());

    it('fails with ETIMEDOUT once its timeout passes', async () => {
      const started = performance.now();
      await assert.rejects(
        getFromApiServer(kubeConfig, STALLED_PATH, 300, new AbortController().signal),
        (error: Error & { code?: string }) =>
          error.code === 'ETIMEDOUT' && /no answer within \d+ ms/.test(error.message),
      );
      assert.ok(performance.now() - started < 5_000, 'well before any socket timeout of the system');
    });

    it('ends with the signal’s reason when the caller aborts, and the connection still serves others', async () => {
      const caller = new AbortController();
      const pending = getFromApiServer(kubeConfig, STALLED_PATH, 10_000, caller.signal);
      setTimeout(() => caller.abort(new Error('the caller left')), 50);
      await assert.rejects(pending, /the caller left/);
      const ready = await getFromApiServer(kubeConfig, '/readyz', 5_000, AbortSignal.timeout(5_000));
      assert.equal(ready.status, 200);
    });
  });
}
