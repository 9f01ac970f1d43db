import { KubeConfig } from '@kubernetes/client-node';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ClusterAccess, CloudProvider, SandboxClusterRef } from './cloud-provider';
import { CloudProviders } from './cloud-providers';
import type { SandboxCredential } from './credentials';
import { CredentialInvalid, UnknownProviderKind } from './errors';

const ref: SandboxClusterRef = { provider: 'sandbox', name: 'one' };
const credential: SandboxCredential = { type: 'kubeconfig', kubeconfig: 'unused' };

/** An adapter that counts issued access and lets the test decide each one's expiry. */
function countingAdapter(expiresIn: number | null, clock: () => number) {
  const adapter = {
    kind: 'sandbox' as const,
    issued: 0,
    fail: false,
    async discover() {
      return [];
    },
    async describe(): Promise<never> {
      throw new Error('not used');
    },
    async checkHealth(): Promise<never> {
      throw new Error('not used');
    },
    async issueAccess(): Promise<ClusterAccess> {
      adapter.issued++;
      await new Promise((resolve) => setImmediate(resolve));
      if (adapter.fail) throw new CredentialInvalid('refused', { provider: 'sandbox' });
      return { kubeConfig: new KubeConfig(), expiresAt: expiresIn === null ? null : new Date(clock() + expiresIn) };
    },
  };
  return adapter;
}

function setup(expiresIn: number | null) {
  let now = 0;
  const adapter = countingAdapter(expiresIn, () => now);
  const providers = new CloudProviders([adapter as unknown as CloudProvider], {
    now: () => new Date(now),
    accessCache: { refreshBeforeExpiryMs: 60_000, maxAgeMs: 20 * 60_000 },
  });
  return { adapter, providers, advance: (ms: number) => (now += ms) };
}

describe('CloudProviders', () => {
  it('fails loudly for a provider kind without an adapter', () => {
    const { providers } = setup(null);
    assert.throws(
      () => providers.get('openstack'),
      (error: unknown) => {
        assert.ok(error instanceof UnknownProviderKind);
        assert.equal(error.code, 'UnknownProviderKind');
        assert.match(error.message, /openstack.*registered: sandbox/);
        return true;
      },
    );
  });

  it('refuses two adapters for the same kind', () => {
    const adapter = countingAdapter(null, () => 0) as unknown as CloudProvider;
    assert.throws(
      () => new CloudProviders([adapter, adapter], {}),
      /two cloud provider adapters registered for kind sandbox/,
    );
  });

  describe('access cache', () => {
    it('shares one issue among concurrent callers and serves it from cache afterwards', async () => {
      const { adapter, providers } = setup(15 * 60_000);
      const [a, b] = await Promise.all([providers.access(ref, credential), providers.access(ref, credential)]);
      assert.equal(a, b);
      assert.equal(await providers.access(ref, credential), a);
      assert.equal(adapter.issued, 1);
    });

    it('re-issues once the access is within the refresh margin of its expiry', async () => {
      const { adapter, providers, advance } = setup(15 * 60_000);
      const first = await providers.access(ref, credential);
      advance(13 * 60_000);
      assert.equal(await providers.access(ref, credential), first);
      advance(60_001);
      assert.notEqual(await providers.access(ref, credential), first);
      assert.equal(adapter.issued, 2);
    });

    it('re-issues non-expiring access after the maximum age', async () => {
      const { adapter, providers, advance } = setup(null);
      await providers.access(ref, credential);
      advance(20 * 60_000 + 1);
      await providers.access(ref, credential);
      assert.equal(adapter.issued, 2);
    });

    it('keeps access per credential, forgets a cluster on demand, and never caches failures', async () => {
      const { adapter, providers } = setup(null);
      await providers.access(ref, credential);
      await providers.access(ref, { type: 'kubeconfig', kubeconfig: 'rotated' });
      assert.equal(adapter.issued, 2);
      providers.forgetAccess(ref);
      adapter.fail = true;
      await assert.rejects(providers.access(ref, credential), CredentialInvalid);
      adapter.fail = false;
      await providers.access(ref, credential);
      assert.equal(adapter.issued, 4);
    });

    it('lets a caller stop waiting without cancelling the issue others share', async () => {
      const { adapter, providers } = setup(null);
      const controller = new AbortController();
      const impatient = providers.access(ref, credential, { signal: controller.signal });
      const patient = providers.access(ref, credential);
      controller.abort(new Error('caller gave up'));
      await assert.rejects(impatient, /caller gave up/);
      assert.ok((await patient).kubeConfig instanceof KubeConfig);
      assert.equal(adapter.issued, 1);
    });
  });
});
