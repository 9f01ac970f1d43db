import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StoredPipelineStage, StoredStageGates } from '@fleetplane/persistence';
import { anApprovalPolicy } from '../../../../../libs/promotion/src/testing/approval.factory';
import { aStage } from '../../../../../libs/promotion/src/testing/pipeline.factory';
import { unitGates } from './stage-gates';

const stageWith = (gates: StoredStageGates): StoredPipelineStage => ({ ...aStage('prod', ['staging']), gates });
const check = (name: string) => ({
  kind: 'http' as const,
  name,
  url: `http://${name}.example/healthz`,
  retries: 0,
  intervalSeconds: 0,
  timeoutSeconds: 5,
});

describe('the gates of a unit of applications', () => {
  it('are those of the one stage when one application moves', () => {
    const gates = { soakSeconds: 60, approvals: anApprovalPolicy(), rollbackOnFailure: true };
    assert.deepEqual(unitGates([stageWith(gates)]), gates);
  });

  it('hold every stage’s gates at once: the longest soak, the strictest approvals, every check', () => {
    const gates = unitGates([
      stageWith({
        soakSeconds: 60,
        approvals: anApprovalPolicy({ required: 1, ttlSeconds: 600 }),
        verification: [check('shop')],
      }),
      stageWith({
        soakSeconds: 600,
        approvals: anApprovalPolicy({ required: 2, minimumRole: 'admin', ttlSeconds: 3600 }),
        rollbackOnFailure: true,
      }),
      stageWith({ verification: [check('cart'), check('shop')] }),
    ]);
    assert.deepEqual(gates, {
      soakSeconds: 600,
      approvals: { required: 2, minimumRole: 'admin', ttlSeconds: 600 },
      verification: [check('shop'), check('cart')],
      rollbackOnFailure: true,
    });
  });

  it('are none for applications without a pipeline', () => {
    assert.deepEqual(unitGates([]), { rollbackOnFailure: false });
  });
});
