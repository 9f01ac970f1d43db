import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { collectReferences, formatReference, parseWholeReference } from './references';

describe('references in a definition', () => {
  it('reads an input, a step output, and a negation', () => {
    assert.deepEqual(parseWholeReference('${{ inputs.standby }}'), { kind: 'input', input: 'standby', negated: false });
    assert.deepEqual(parseWholeReference('${{steps.promote-db.outputs.endpoint}}'), {
      kind: 'output',
      step: 'promote-db',
      output: 'endpoint',
      negated: false,
    });
    assert.deepEqual(parseWholeReference('${{ !inputs.dryRun }}'), { kind: 'input', input: 'dryRun', negated: true });
  });

  it('is whole only when nothing surrounds it', () => {
    assert.equal(parseWholeReference('db-${{ inputs.region }}'), undefined);
    assert.equal(parseWholeReference('${{ inputs.a }}-${{ inputs.b }}'), undefined);
    assert.equal(parseWholeReference('${{ secrets.token }}'), undefined);
  });

  it('finds every reference in nested values, by field path, and the placeholders that are not references', () => {
    const found = collectReferences(
      { names: ['${{ inputs.primary }}', 'gke-${{ inputs.region }}'], body: { text: '${{ env.HOME }}' } },
      'spec.steps[0].with',
    );
    assert.deepEqual(
      found.references.map(({ path, reference }) => [path, formatReference(reference)]),
      [
        ['spec.steps[0].with.names[0]', '${{ inputs.primary }}'],
        ['spec.steps[0].with.names[1]', '${{ inputs.region }}'],
      ],
    );
    assert.deepEqual(found.malformed, [{ path: 'spec.steps[0].with.body.text', text: '${{ env.HOME }}' }]);
  });
});
