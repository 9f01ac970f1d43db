import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { environmentOf } from './cluster-facts';

describe('environmentOf', () => {
  it('keeps the environment a registration names, whatever the labels say', () => {
    assert.equal(environmentOf('prod', { environment: 'dev' }), 'prod');
  });

  it('takes a cluster without one from its fleetplane.io/environment label, then its environment label', () => {
    assert.equal(environmentOf(undefined, { environment: 'qa', 'fleetplane.io/environment': 'staging' }), 'staging');
    assert.equal(environmentOf(undefined, { environment: 'qa' }), 'qa');
  });

  it('skips a label whose value cannot be an environment (not a DNS label)', () => {
    assert.equal(environmentOf(undefined, { 'fleetplane.io/environment': 'Prod', environment: 'prod' }), 'prod');
    assert.equal(environmentOf(undefined, { environment: 'us_east' }), 'default');
  });

  it('gives `default` to a cluster with neither', () => {
    assert.equal(environmentOf(undefined, {}), 'default');
    assert.equal(environmentOf('', { tier: 'web' }), 'default');
  });
});
