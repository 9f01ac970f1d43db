import { KubeConfig } from '@kubernetes/client-node';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AccessCache } from './access-cache';
import type { ClusterAccess } from './cloud-provider';

const MAX_AGE_MS = 60_000;

function cacheRetiringInto(retired: ClusterAccess[]) {
  let now = 0;
  const cache = new AccessCache({
    now: () => new Date(now),
    refreshBeforeExpiryMs: 0,
    maxAgeMs: MAX_AGE_MS,
    onRetired: (access) => retired.push(access),
  });
  return { cache, expire: () => (now += MAX_AGE_MS + 1) };
}

/** The very accesses, not look-alikes: two fresh KubeConfigs are deeply equal. */
function assertSame(actual: ClusterAccess[], expected: ClusterAccess[]): void {
  assert.equal(actual.length, expected.length);
  expected.forEach((access, index) => assert.equal(actual[index], access));
}

const settle = () => new Promise((resolve) => setImmediate(resolve));
const issued = (kubeConfig = new KubeConfig()) => Promise.resolve({ kubeConfig, expiresAt: null });

describe('AccessCache retirement', () => {
  it('retires an access once a re-issue replaces it', async () => {
    const retired: ClusterAccess[] = [];
    const { cache, expire } = cacheRetiringInto(retired);
    const first = await cache.get('c', 'c|k', () => issued());
    expire();
    await cache.get('c', 'c|k', () => issued());
    await settle();
    assertSame(retired, [first]);
  });

  it('does not retire a KubeConfig the re-issue hands out again', async () => {
    const retired: ClusterAccess[] = [];
    const { cache, expire } = cacheRetiringInto(retired);
    const kubeConfig = new KubeConfig();
    await cache.get('c', 'c|k', () => issued(kubeConfig));
    expire();
    await cache.get('c', 'c|k', () => issued(kubeConfig));
    await settle();
    assertSame(retired, []);
  });

  it('retires the old access when its re-issue fails, since it is no longer handed out', async () => {
    const retired: ClusterAccess[] = [];
    const { cache, expire } = cacheRetiringInto(retired);
    const first = await cache.get('c', 'c|k', () => issued());
    expire();
    await assert.rejects(cache.get('c', 'c|k', () => Promise.reject(new Error('refused'))));
    await settle();
    assertSame(retired, [first]);
  });

  it('retires every access of a forgotten cluster, and nothing of the others', async () => {
    const retired: ClusterAccess[] = [];
    const { cache } = cacheRetiringInto(retired);
    const a = await cache.get('c', 'c|k1', () => issued());
    const b = await cache.get('c', 'c|k2', () => issued());
    await cache.get('other', 'other|k1', () => issued());
    cache.forget('c');
    await settle();
    assertSame(retired, [a, b]);
  });
});
