import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jsonDepthExceeds } from './json-depth';

describe('jsonDepthExceeds', () => {
  it('measures 100,000 levels without a stack overflow', () => {
    const deep = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000));
    assert.equal(jsonDepthExceeds(deep, 128), true);
  });

  it('counts a scalar as 0 and each array or object as one level', () => {
    assert.equal(jsonDepthExceeds('text', 0), false);
    assert.equal(jsonDepthExceeds({ a: [1] }, 2), false);
    assert.equal(jsonDepthExceeds({ a: [[1]] }, 2), true);
  });
});
