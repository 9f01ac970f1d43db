import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { STEP_TYPES } from './definition';
import { MAX_RUNBOOK_DEPTH, RUNBOOK_TEXT_LIMITS, parseRunbook } from './parse-runbook';
import type { RunbookProblem } from './runbook-problems';
import { runbookSchema } from './runbook.schema';
import { aRunbook, aStep, oneStepOfEachType } from './testing/runbook.factory';

function problemsOf(input: unknown): RunbookProblem[] {
  const result = parseRunbook(input);
  assert.equal(result.ok, false, 'expected the definition to be refused');
  return result.ok ? [] : result.problems;
}

/** A raw document whose steps are given as plain objects, to write what the types would not allow. */
function withSteps(...steps: unknown[]): unknown {
  return { ...aRunbook([]), spec: { steps } };
}

describe('parsing a runbook definition against its schema', () => {
  it('accepts a definition using every step type and returns it as it was given', () => {
    const steps = oneStepOfEachType();
    assert.deepEqual(
      steps.map((step) => step.type),
      STEP_TYPES,
    );
    const runbook = aRunbook(steps, {
      inputs: { standby: { type: 'clusters', default: ['gke-euw1'] } },
      objectiveSeconds: 900,
    });
    assert.deepEqual(parseRunbook(runbook), { ok: true, value: runbook });
  });

  it('accepts YAML text, and JSON text as YAML', () => {
    const yaml = [
      'apiVersion: fleetplane.io/v1',
      'kind: Runbook',
      'metadata: { name: drill }',
      'spec:',
      '  steps:',
      '    - name: hold',
      '      type: wait',
      '      with: { seconds: 5 }',
      '      ungraceful: skip',
    ].join('\n');
    const parsed = parseRunbook(yaml);
    assert.ok(parsed.ok);
    assert.deepEqual(parseRunbook(JSON.stringify(parsed.value)), parsed);
  });

  it('names an unknown field by its path and lists the known ones', () => {
    assert.deepEqual(problemsOf(withSteps({ ...aStep('cordon'), retry: 3 })), [
      {
        path: 'spec.steps[0].retry',
        message:
          'is not a known field (known: name, description, type, with, timeoutSeconds, retries, condition, onFailure, ungraceful, compensate)',
      },
    ]);
    assert.deepEqual(problemsOf(withSteps({ ...aStep('cordon'), with: { clusters: { names: ['a'] }, force: true } })), [
      { path: 'spec.steps[0].with.force', message: 'is not a known field (known: clusters)' },
    ]);
  });

  it("reports the fields of the step's own type, not every type's", () => {
    const deploy = { ...aStep('deploy'), with: { application: 'orders', clusters: { names: ['gke-euw1'] } } };
    assert.deepEqual(problemsOf(withSteps(deploy)), [{ path: 'spec.steps[0].with.release', message: 'is required' }]);
    const scale = { ...aStep('scale'), with: { application: 'orders', clusters: { names: ['gke-euw1'] } } };
    assert.deepEqual(problemsOf(withSteps(scale)), [
      { path: 'spec.steps[0].with', message: 'must set exactly one of replicas, percentOf' },
    ]);
  });

  it('refuses an unknown step type by listing the known ones', () => {
    const [problem] = problemsOf(withSteps({ ...aStep('cordon'), type: 'drain' }));
    assert.equal(problem.path, 'spec.steps[0].type');
    assert.match(problem.message, /^must be one of "assert-health", "cordon", .*"webhook", not "drain"$/);
  });

  it('requires every step to declare its ungraceful behaviour, in groups and compensations too', () => {
    const { ungraceful: _dropped, ...undeclared } = aStep('uncordon');
    const compensated = { ...aStep('cordon'), onFailure: 'compensate', compensate: [undeclared] };
    const group = { name: 'both', parallel: [undeclared] };
    assert.deepEqual(problemsOf(withSteps(undeclared, group, compensated)), [
      { path: 'spec.steps[0].ungraceful', message: 'is required' },
      { path: 'spec.steps[1].parallel[0].ungraceful', message: 'is required' },
      { path: 'spec.steps[2].compensate[0].ungraceful', message: 'is required' },
    ]);
  });

  it('refuses a group inside a group: groups nest one level only', () => {
    const nested = { name: 'outer', parallel: [aStep('cordon'), { name: 'inner', parallel: [aStep('uncordon')] }] };
    assert.deepEqual(problemsOf(withSteps(nested)), [
      { path: 'spec.steps[0].parallel[1]', message: 'is a group inside a group; parallel groups nest one level only' },
    ]);
  });

  it('bounds timeouts and retries, and refuses a compensation that would itself be compensated', () => {
    const undoable = { ...aStep('uncordon'), onFailure: 'compensate' };
    const step = {
      ...aStep('cordon'),
      timeoutSeconds: 0,
      retries: 11,
      onFailure: 'compensate',
      compensate: [undoable],
    };
    assert.deepEqual(problemsOf(withSteps(step)), [
      { path: 'spec.steps[0].timeoutSeconds', message: 'must be at least 1' },
      { path: 'spec.steps[0].retries', message: 'must be at most 10' },
      { path: 'spec.steps[0].compensate[0].onFailure', message: 'must be one of "abort", "continue"' },
    ]);
  });

  it('takes a reference where a number or a cluster set is expected, and nothing else there', () => {
    const byReference = aStep('scale', {
      with: { application: 'orders', clusters: '${{ inputs.standby }}', replicas: '${{ inputs.replicas }}' },
    });
    assert.ok(parseRunbook(withSteps(byReference)).ok);
    const byWords = { ...byReference, with: { ...byReference.with, clusters: 'the standby ones', replicas: 'three' } };
    const reference = 'must be a reference such as ${{ inputs.name }} or ${{ steps.step.outputs.output }}';
    assert.deepEqual(problemsOf(withSteps(byWords)), [
      { path: 'spec.steps[0].with.clusters', message: reference },
      { path: 'spec.steps[0].with.replicas', message: reference },
    ]);
  });

  it('asks for exactly one way of naming clusters', () => {
    const both = aStep('cordon', { with: { clusters: { names: ['a'], selector: 'tier=gold' } } });
    assert.deepEqual(problemsOf(withSteps(both)), [
      { path: 'spec.steps[0].with.clusters', message: 'must set exactly one of names, selector' },
    ]);
  });

  it('refuses a document that is not a runbook, naming each missing part', () => {
    assert.deepEqual(problemsOf({ apiVersion: 'v1', kind: 'Runbook' }), [
      { path: 'metadata', message: 'is required' },
      { path: 'spec', message: 'is required' },
      { path: 'apiVersion', message: 'must be "fleetplane.io/v1"' },
    ]);
    assert.deepEqual(problemsOf(42), [{ path: '', message: 'must be an object' }]);
  });

  it('reports YAML syntax errors with their position', () => {
    assert.deepEqual(problemsOf('spec:\n  steps: []\nspec: {}\n'), [
      { path: '', message: 'Map keys must be unique', line: 3, column: 1 },
    ]);
  });

  it('refuses YAML whose aliases would expand past the limit, and text past the size limit', () => {
    const laughs = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (const level of ['b', 'c', 'd', 'e', 'f'])
      laughs.push(`${level}: &${level} [${Array(10).fill(`*${String.fromCharCode(level.charCodeAt(0) - 1)}`)}]`);
    const [expanded] = problemsOf(laughs.join('\n'));
    assert.equal(expanded.path, '');
    assert.match(expanded.message, /alias/i);
    const [tooLong] = problemsOf(`# ${'x'.repeat(RUNBOOK_TEXT_LIMITS.maxBytes)}`);
    assert.equal(tooLong.message, `is longer than the limit of ${RUNBOOK_TEXT_LIMITS.maxBytes} bytes`);
  });

  it('refuses documents nested past the depth limit, as text or as parsed JSON, without overflowing the stack', () => {
    let body: Record<string, unknown> = {};
    for (let level = 0; level < 100_000; level++) body = { nested: body };
    const deep = withSteps({ ...aStep('webhook'), with: { url: 'https://hooks.example.com', secret: 'pager', body } });
    const [problem] = problemsOf(deep);
    assert.equal(problem.message, `nests deeper than ${MAX_RUNBOOK_DEPTH} levels`);
    assert.match(problem.path, /^spec\.steps\[0\]\.with\.body(\.nested)+$/);
    assert.deepEqual(problemsOf(`${'['.repeat(100_000)}${']'.repeat(100_000)}`), [
      { path: '', message: `nests deeper than ${MAX_RUNBOOK_DEPTH} levels` },
    ]);
  });

  it('is a draft 2020-12 schema that survives JSON, as the API serves it', () => {
    assert.equal(runbookSchema.$schema, 'https://json-schema.org/draft/2020-12/schema');
    assert.deepEqual(JSON.parse(JSON.stringify(runbookSchema)), runbookSchema);
  });
});
