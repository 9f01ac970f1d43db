import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { validateRunbook } from './check-runbook';
import { RunbookDefinition, STEP_TYPES } from './definition';
import { nextAction } from './execution-order';
import { listSteps } from './runbook-steps';

// scripts/test.mjs runs specs from the repository root; the examples are not compiled into the build.
const example = (name: string) => readFile(join(process.cwd(), 'libs/runbooks/examples', name), 'utf8');

async function loadExample(name: string): Promise<RunbookDefinition> {
  const result = validateRunbook(await example(name));
  assert.ok(result.ok, result.ok ? '' : JSON.stringify(result.problems, null, 2));
  return result.value;
}

describe('the example runbooks', () => {
  it('fails over from EKS to GKE with every step type, and passes the schema and the checks', async () => {
    const runbook = await loadExample('failover-eks-to-gke.yaml');
    const types = new Set(listSteps(runbook).map(({ step }) => step.type));
    assert.deepEqual(
      STEP_TYPES.filter((type) => !types.has(type)),
      [],
    );
    assert.equal(runbook.spec.rto?.objectiveSeconds, 900);
  });

  it('starts by confirming the outage, with the inputs at their defaults', async () => {
    const runbook = await loadExample('failover-eks-to-gke.yaml');
    const inputs = Object.fromEntries(
      Object.entries(runbook.spec.inputs ?? {}).flatMap(([name, input]) =>
        input.default === undefined ? [] : [[name, input.default]],
      ),
    );
    const action = nextAction(runbook, { mode: 'graceful', stepStates: {}, context: { inputs, outputs: {} } });
    assert.equal(action.kind, 'start');
    assert.deepEqual(action.kind === 'start' ? action.start.map((step) => step.name) : [], ['confirm-outage']);
  });
});
