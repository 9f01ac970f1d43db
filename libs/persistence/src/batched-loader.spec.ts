import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BatchedLoader } from './batched-loader';

describe('BatchedLoader', () => {
  it('loads the keys asked for in one turn together, each answered with its own value', async () => {
    const loads: string[][] = [];
    const loader = new BatchedLoader(async (keys: string[]) => {
      loads.push(keys);
      return new Map(keys.map((key) => [key, key.toUpperCase()]));
    });
    assert.deepEqual(await Promise.all(['a', 'b', 'a'].map((key) => loader.get(key))), ['A', 'B', 'A']);
    assert.deepEqual(loads, [['a', 'b']]);
  });

  it('gathers the keys asked for while a load is in flight into the next one', async () => {
    const loads: string[][] = [];
    let release = () => {};
    const loader = new BatchedLoader(async (keys: string[]) => {
      loads.push(keys);
      if (loads.length === 1) await new Promise<void>((resolve) => (release = resolve));
      return new Map(keys.map((key) => [key, key]));
    });
    const first = loader.get('a');
    await new Promise((resolve) => setImmediate(resolve));
    const later = ['b', 'c', 'd'].map((key) => loader.get(key));
    release();
    await Promise.all([first, ...later]);
    assert.deepEqual(loads, [['a'], ['b', 'c', 'd']]);
  });

  it('answers undefined for a key the load leaves out, and fails every caller of a load that fails', async () => {
    const missing = new BatchedLoader(async () => new Map<string, string>());
    assert.equal(await missing.get('x'), undefined);
    const failing = new BatchedLoader<string, string>(async () => {
      throw new Error('database down');
    });
    const results = await Promise.allSettled([failing.get('x'), failing.get('y')]);
    assert.deepEqual(
      results.map((result) => result.status),
      ['rejected', 'rejected'],
    );
    const recovered = new BatchedLoader(async (keys: string[]) => new Map(keys.map((key) => [key, 'ok'])));
    assert.equal(await recovered.get('z'), 'ok');
  });
});
