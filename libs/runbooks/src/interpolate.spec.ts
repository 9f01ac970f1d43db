import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ScaleWith } from './definition';
import { ReferenceContext, evaluateCondition, interpolate } from './interpolate';
import { RunbookError } from './runbooks.errors';

const context: ReferenceContext = {
  inputs: { standby: ['gke-euw1', 'gke-euw2'], replicas: 4, region: 'europe-west1', dryRun: false },
  outputs: { promote: { endpoint: 'orders.abc.eu-west-1.rds.amazonaws.com', instance: 'orders-db-replica' } },
};

describe('interpolating references when a step starts', () => {
  it('replaces a whole reference by its value, keeping lists and numbers as they are', () => {
    const scale: ScaleWith = {
      application: 'orders',
      clusters: '${{ inputs.standby }}',
      replicas: '${{ inputs.replicas }}',
    };
    assert.deepEqual(interpolate(scale, context), {
      application: 'orders',
      clusters: ['gke-euw1', 'gke-euw2'],
      replicas: 4,
    });
  });

  it('writes references inside longer text into it, lists as comma-separated names', () => {
    const body = {
      text: 'Failing over to ${{ inputs.standby }} in ${{ inputs.region }}',
      db: '${{ steps.promote.outputs.endpoint }}',
    };
    assert.deepEqual(interpolate(body, context), {
      text: 'Failing over to gke-euw1,gke-euw2 in europe-west1',
      db: 'orders.abc.eu-west-1.rds.amazonaws.com',
    });
  });

  it('refuses an output the step never recorded, naming the field', () => {
    assert.throws(
      () => interpolate({ names: ['${{ steps.skipped.outputs.clusters }}'] }, context, 'spec.steps[4].with'),
      (error: unknown) =>
        error instanceof RunbookError &&
        error.code === 'REFERENCE_UNRESOLVED' &&
        error.field === 'spec.steps[4].with.names[0]' &&
        error.message === '${{ steps.skipped.outputs.clusters }} has no value: step "skipped" has not recorded it',
    );
  });

  it('judges a condition truthy as written, negation included', () => {
    assert.equal(evaluateCondition('${{ steps.promote.outputs.instance }}', context), true);
    assert.equal(evaluateCondition('${{ inputs.dryRun }}', context), false);
    assert.equal(evaluateCondition('${{ !inputs.dryRun }}', context), true);
  });

  it("counts a skipped step's output as false in a condition, but a missing input as an error", () => {
    assert.equal(evaluateCondition('${{ steps.skipped.outputs.instance }}', context), false);
    assert.equal(evaluateCondition('${{ !steps.skipped.outputs.instance }}', context), true);
    assert.throws(() => evaluateCondition('${{ inputs.unknown }}', context), RunbookError);
  });
});
