import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkRunbook, validateRunbook } from './check-runbook';
import type { ReferenceText } from './definition';
import { aCompensation, aGroup, aRunbook, aStep, oneStepOfEachType } from './testing/runbook.factory';

const promote = aStep('promote-replica', { name: 'promote' });
const useEndpoint = (name: string, from: string, output = 'endpoint') =>
  aStep('webhook', {
    name,
    with: {
      url: 'https://hooks.example.com',
      secret: 'pager',
      body: { endpoint: `\${{ steps.${from}.outputs.${output} }}` },
    },
  });

describe('checking a runbook beyond its schema', () => {
  it('finds nothing wrong with a runbook whose references all point backwards at declared things', () => {
    const runbook = aRunbook(
      [
        aStep('cordon', { with: { clusters: '${{ inputs.primary }}' } }),
        promote,
        aGroup(
          'switch',
          aStep('switch-binding', { condition: '${{ steps.promote.outputs.instance }}' }),
          useEndpoint('page', 'promote'),
        ),
      ],
      { inputs: { primary: { type: 'cluster', default: 'eks-use1' } } },
    );
    assert.deepEqual(checkRunbook(runbook), []);
  });

  it('wants names unique across steps, groups and compensations, and names the first holder', () => {
    const undo = aCompensation('uncordon', { name: 'cordon' });
    const runbook = aRunbook([
      aStep('cordon', { onFailure: 'compensate', compensate: [undo] }),
      aGroup('cordon', aStep('wait')),
      aStep('wait'),
    ]);
    assert.deepEqual(checkRunbook(runbook), [
      { path: 'spec.steps[0].compensate[0].name', message: '"cordon" is already the name of spec.steps[0]' },
      { path: 'spec.steps[1].name', message: '"cordon" is already the name of spec.steps[0]' },
      { path: 'spec.steps[2].name', message: '"wait" is already the name of spec.steps[1].parallel[0]' },
    ]);
  });

  it('wants compensations exactly when onFailure is compensate', () => {
    const runbook = aRunbook([
      aStep('cordon', { onFailure: 'compensate' }),
      aStep('scale', { compensate: [aCompensation('uncordon')] }),
    ]);
    assert.deepEqual(checkRunbook(runbook), [
      { path: 'spec.steps[0].compensate', message: 'is required when onFailure is compensate' },
      { path: 'spec.steps[1].compensate', message: 'is only allowed when onFailure is compensate' },
    ]);
  });

  it('refuses references to inputs not declared, or of a type the field cannot take', () => {
    const runbook = aRunbook(
      [
        aStep('cordon', { with: { clusters: '${{ inputs.primary }}' } }),
        aStep('scale', {
          with: { application: 'orders', clusters: '${{ inputs.standby }}', replicas: '${{ inputs.standby }}' },
        }),
      ],
      { inputs: { standby: { type: 'clusters' } } },
    );
    assert.deepEqual(checkRunbook(runbook), [
      { path: 'spec.steps[0].with.clusters', message: 'refers to input "primary", which spec.inputs does not declare' },
      {
        path: 'spec.steps[1].with.replicas',
        message: 'refers to input "standby" of type clusters where a number is expected (an input of type number)',
      },
    ]);
  });

  it('takes any reference in a webhook body as text, whatever its keys are called', () => {
    const runbook = aRunbook(
      [
        aStep('webhook', {
          with: { url: 'https://hooks.example.com', secret: 'pager', body: { clusters: '${{ inputs.note }}' } },
        }),
      ],
      { inputs: { note: { type: 'string' } } },
    );
    assert.deepEqual(checkRunbook(runbook), []);
  });

  it('refuses an output whose kind does not fit the field it stands in for', () => {
    const runbook = aRunbook([
      aStep('assert-health', { name: 'check' }),
      promote,
      aStep('cordon', { with: { clusters: '${{ steps.check.outputs.unhealthy }}' } }),
      aStep('scale', {
        with: { application: 'orders', clusters: '${{ steps.promote.outputs.endpoint }}', replicas: 2 },
      }),
    ]);
    assert.deepEqual(checkRunbook(runbook), [
      {
        path: 'spec.steps[3].with.clusters',
        message: '${{ steps.promote.outputs.endpoint }} holds text where a cluster set is expected',
      },
    ]);
  });

  it('refuses outputs of missing steps, of groups, and outputs the step type does not declare', () => {
    const runbook = aRunbook([
      aGroup('bring-up', promote),
      useEndpoint('a', 'nowhere'),
      useEndpoint('b', 'bring-up'),
      useEndpoint('c', 'promote', 'hostname'),
    ]);
    assert.deepEqual(
      checkRunbook(runbook).map((problem) => problem.message),
      [
        'refers to step "nowhere", which does not exist',
        'refers to "bring-up", a parallel group: a group has no outputs, its steps do',
        'step "promote" (promote-replica) has no output "hostname"; its outputs: instance, endpoint',
      ],
    );
  });

  it('refuses a forward reference and a sibling in the same parallel group', () => {
    const runbook = aRunbook([
      useEndpoint('early', 'promote'),
      promote,
      aGroup('both', useEndpoint('x', 'y'), aStep('approval', { name: 'y' })),
    ]);
    assert.deepEqual(checkRunbook(runbook), [
      {
        path: 'spec.steps[0].with.body.endpoint',
        message:
          '${{ steps.promote.outputs.endpoint }} is a forward reference: step "promote" (spec.steps[1]) runs after this one',
      },
      {
        path: 'spec.steps[2].parallel[0].with.body.endpoint',
        message: 'step "y" (approval) has no output "endpoint"; its outputs: approver, comment',
      },
    ]);
    const sibling = aRunbook([aGroup('both', useEndpoint('x', 'y', 'approver'), aStep('approval', { name: 'y' }))]);
    assert.deepEqual(checkRunbook(sibling), [
      {
        path: 'spec.steps[0].parallel[0].with.body.endpoint',
        message:
          '${{ steps.y.outputs.approver }}: step "y" runs in parallel with this one in group "both", so it has not finished when this one starts',
      },
    ]);
  });

  it('reports a cycle of references once, naming its steps from the first one', () => {
    const a = aStep('wait', { name: 'a', with: { until: '${{ steps.c.outputs.status }}', timeoutSeconds: 60 } });
    const b = useEndpoint('b', 'a', 'waitedSeconds');
    const c = useEndpoint('c', 'b', 'status');
    const myself = aStep('approval', { name: 'self', condition: '${{ steps.self.outputs.approver }}' });
    assert.deepEqual(checkRunbook(aRunbook([a, b, c, myself])), [
      { path: 'spec.steps[0]', message: 'references form a cycle: a -> c -> b -> a' },
      { path: 'spec.steps[3]', message: 'references form a cycle: self -> self' },
    ]);
  });

  it('lets a compensation use the outputs of the step it undoes and of earlier steps, not of later ones', () => {
    const demote = (body: ReferenceText) =>
      aCompensation('webhook', {
        name: 'demote',
        with: { url: 'https://hooks.example.com', secret: 'pager', body: { body } },
      });
    const undoable = (body: ReferenceText) =>
      aRunbook([
        aStep('cordon'),
        aStep('promote-replica', { name: 'promote', onFailure: 'compensate', compensate: [demote(body)] }),
        aStep('wait'),
      ]);
    assert.deepEqual(checkRunbook(undoable('${{ steps.promote.outputs.instance }}')), []);
    assert.deepEqual(checkRunbook(undoable('${{ steps.cordon.outputs.clusters }}')), []);
    assert.deepEqual(
      checkRunbook(undoable('${{ steps.wait.outputs.waitedSeconds }}')).map((problem) => problem.path),
      ['spec.steps[1].compensate[0].with.body.body'],
    );
  });

  it('reads label selectors as kubectl does and names the one it cannot parse', () => {
    const runbook = aRunbook([
      aStep('cordon', { with: { clusters: { selector: 'cloud in (aws),tier!=standby' } } }),
      aStep('deploy', {
        with: {
          application: 'orders',
          clusters: { names: ['gke-euw1'] },
          release: { from: { selector: 'tier in (gold' } },
        },
      }),
    ]);
    assert.deepEqual(checkRunbook(runbook), [
      {
        path: 'spec.steps[1].with.release.from.selector',
        message: 'is not a label selector: unbalanced parentheses',
      },
    ]);
  });

  it('refuses placeholders that are not references and input defaults of the wrong type', () => {
    const runbook = aRunbook([aStep('deploy', { with: { ...aStep('deploy').with, application: '${{ env.APP }}' } })], {
      inputs: { replicas: { type: 'number', default: 'three' } },
    });
    assert.deepEqual(checkRunbook(runbook), [
      { path: 'spec.inputs.replicas.default', message: 'must be a number' },
      {
        path: 'spec.steps[0].with.application',
        message: '${{ env.APP }} is not a reference: write ${{ inputs.name }} or ${{ steps.step.outputs.output }}',
      },
    ]);
  });

  it('validates schema first, then semantics, in one call', () => {
    assert.equal(validateRunbook(aRunbook(oneStepOfEachType())).ok, true);
    const schemaFailure = validateRunbook({ ...aRunbook([]), spec: { steps: [] } });
    assert.deepEqual(schemaFailure, {
      ok: false,
      problems: [{ path: 'spec.steps', message: 'must have at least 1 item' }],
    });
    assert.deepEqual(validateRunbook(aRunbook([aStep('wait'), aStep('wait')])), {
      ok: false,
      problems: [{ path: 'spec.steps[1].name', message: '"wait" is already the name of spec.steps[0]' }],
    });
  });
});
