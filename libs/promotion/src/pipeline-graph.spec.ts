import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { downstreamOf, upstreamsSatisfied, validatePipeline } from './pipeline-graph';
import { aStage } from './testing/pipeline.factory';

describe('pipeline graph', () => {
  describe('validatePipeline', () => {
    it('accepts dev -> staging -> prod with auto-promotion into staging', () => {
      const stages = [aStage('dev'), aStage('staging', ['dev'], { autoPromote: true }), aStage('prod', ['staging'])];
      assert.deepEqual(validatePipeline(stages), []);
    });

    it('accepts a diamond where prod waits for both regional stagings', () => {
      const stages = [
        aStage('dev'),
        aStage('staging-eu', ['dev']),
        aStage('staging-us', ['dev']),
        aStage('prod', ['staging-eu', 'staging-us'], { upstreamPolicy: 'all' }),
      ];
      assert.deepEqual(validatePipeline(stages), []);
    });

    it('refuses a pipeline without stages', () => {
      assert.deepEqual(validatePipeline([]), [{ field: 'stages', message: 'must contain at least one stage' }]);
    });

    it('names a repeated environment by the later stage and points at the first', () => {
      const stages = [aStage('dev'), aStage('staging', ['dev']), aStage('dev')];
      assert.deepEqual(validatePipeline(stages), [
        { field: 'stages[2].environment', message: 'repeats stages[0]: "dev" may appear once' },
      ]);
    });

    it('names an empty environment', () => {
      assert.deepEqual(validatePipeline([aStage('dev'), aStage(' ', ['dev'])]), [
        { field: 'stages[1].environment', message: 'must name an environment' },
      ]);
    });

    it('names an unknown, a repeated and a self upstream by their position', () => {
      const stages = [aStage('dev'), aStage('prod', ['stagin', 'dev', 'dev', 'prod'])];
      assert.deepEqual(validatePipeline(stages), [
        { field: 'stages[1].upstreams[0]', message: '"stagin" is not a stage of this pipeline' },
        { field: 'stages[1].upstreams[2]', message: '"dev" is listed twice' },
        { field: 'stages[1].upstreams[3]', message: 'a stage cannot be its own upstream' },
      ]);
    });

    it('refuses auto-promotion into a root, which has nothing to promote from', () => {
      assert.deepEqual(validatePipeline([aStage('dev', [], { autoPromote: true })]), [
        { field: 'stages[0].autoPromote', message: 'a root stage has no upstream to promote from' },
      ]);
    });

    it('names a cycle once, in promotion order, on its first stage', () => {
      const stages = [
        aStage('dev'),
        aStage('staging', ['dev', 'prod']),
        aStage('qa', ['staging']),
        aStage('prod', ['qa']),
      ];
      assert.deepEqual(validatePipeline(stages), [
        { field: 'stages[1].upstreams', message: 'forms a cycle: staging -> qa -> prod -> staging' },
      ]);
    });

    it('names each of two separate cycles', () => {
      const stages = [aStage('a', ['b']), aStage('b', ['a']), aStage('c', ['d']), aStage('d', ['c'])];
      assert.deepEqual(validatePipeline(stages), [
        { field: 'stages[0].upstreams', message: 'forms a cycle: a -> b -> a' },
        { field: 'stages[2].upstreams', message: 'forms a cycle: c -> d -> c' },
      ]);
    });
  });

  describe('downstreamOf', () => {
    it('lists the stages a release verified in an environment may go to, in pipeline order', () => {
      const stages = [
        aStage('dev'),
        aStage('staging-eu', ['dev']),
        aStage('staging-us', ['dev']),
        aStage('prod', ['staging-eu']),
      ];
      assert.deepEqual(
        downstreamOf(stages, 'dev').map((stage) => stage.environment),
        ['staging-eu', 'staging-us'],
      );
      assert.deepEqual(downstreamOf(stages, 'prod'), []);
    });
  });

  describe('upstreamsSatisfied', () => {
    it('needs one verified upstream under the any policy', () => {
      const prod = aStage('prod', ['staging-eu', 'staging-us'], { upstreamPolicy: 'any' });
      assert.equal(upstreamsSatisfied(prod, ['staging-us']), true);
      assert.equal(upstreamsSatisfied(prod, []), false);
      assert.equal(upstreamsSatisfied(prod, ['dev']), false);
    });

    it('needs every upstream verified under the all policy', () => {
      const prod = aStage('prod', ['staging-eu', 'staging-us'], { upstreamPolicy: 'all' });
      assert.equal(upstreamsSatisfied(prod, ['staging-eu']), false);
      assert.equal(upstreamsSatisfied(prod, new Set(['staging-us', 'staging-eu'])), true);
    });

    it('never satisfies a root, which takes releases by deployment only', () => {
      assert.equal(upstreamsSatisfied(aStage('dev', [], { upstreamPolicy: 'all' }), ['dev']), false);
    });
  });
});
