import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lostOwnership } from './lost-ownership';

describe('lostOwnership', () => {
  it("holds when an object's application or managed-by label drifted, and only then", () => {
    const field = (path: string) => ({ path, expected: 'ours', actual: 'theirs' });
    assert.equal(lostOwnership([field('metadata.labels["fleetplane.io/application"]')]), true);
    assert.equal(lostOwnership([field('metadata.labels["app.kubernetes.io/managed-by"]')]), true);
    assert.equal(lostOwnership([field('data.LOG_LEVEL'), field('metadata.labels["fleetplane.io/release"]')]), false);
  });
});
