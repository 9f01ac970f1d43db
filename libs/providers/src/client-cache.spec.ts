import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClientCache } from './client-cache';

describe('ClientCache.load', () => {
  it('lets concurrent first calls share one load, and serves later calls from it', async () => {
    const cache = new ClientCache<Promise<{ client: number }>>();
    let loads = 0;
    const load = async () => ({ client: ++loads });
    const concurrent = await Promise.all([cache.load('key', load), cache.load('key', load)]);
    const later = await cache.load('key', load);
    assert.equal(loads, 1);
    assert.equal(concurrent[0], concurrent[1]);
    assert.equal(later, concurrent[0]);
  });

  it('forgets a load that failed, so the next call loads again', async () => {
    const cache = new ClientCache<Promise<string>>();
    await assert.rejects(
      cache.load('key', async () => {
        throw new Error('module not loadable');
      }),
      /module not loadable/,
    );
    assert.equal(await cache.load('key', async () => 'client'), 'client');
  });

  it('keeps separate loads per key', async () => {
    const cache = new ClientCache<Promise<string>>();
    const [first, second] = await Promise.all([
      cache.load('a', async () => 'client of a'),
      cache.load('b', async () => 'client of b'),
    ]);
    assert.deepEqual([first, second], ['client of a', 'client of b']);
  });
});
