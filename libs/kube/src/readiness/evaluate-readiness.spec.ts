import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateReadiness } from './evaluate-readiness';
import { LiveObject } from './live-object';

function liveDeployment(
  generation: number,
  status: Record<string, unknown>,
  spec: Record<string, unknown> = {},
): LiveObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'storefront', generation },
    spec: { replicas: 3, ...spec },
    status,
  };
}

const rolledOut = { observedGeneration: 4, replicas: 3, updatedReplicas: 3, availableReplicas: 3, readyReplicas: 3 };

describe('evaluateReadiness', () => {
  describe('never trusts stale status', () => {
    it('a healthy-looking status the controller wrote before our apply is not ready', () => {
      const readiness = evaluateReadiness(liveDeployment(4, { ...rolledOut, observedGeneration: 3 }), {
        appliedGeneration: 4,
      });
      assert.equal(readiness.state, 'Progressing');
      assert.equal(readiness.reason, 'StaleStatus');
      assert.match(readiness.message, /observe generation 4 \(status is for 3\)/);
    });

    it('a read of the object from before the apply is not ready', () => {
      const readiness = evaluateReadiness(liveDeployment(3, { ...rolledOut, observedGeneration: 3 }), {
        appliedGeneration: 4,
      });
      assert.equal(readiness.reason, 'StaleRead');
    });

    it('a status without observedGeneration is not ready', () => {
      assert.equal(
        evaluateReadiness(liveDeployment(1, { replicas: 3, updatedReplicas: 3, availableReplicas: 3 }), {
          appliedGeneration: 1,
        }).reason,
        'StaleStatus',
      );
    });

    it('a progress deadline exceeded during the previous rollout does not fail this one', () => {
      const previousFailure = {
        observedGeneration: 3,
        conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'old' }],
      };
      assert.equal(
        evaluateReadiness(liveDeployment(4, previousFailure), { appliedGeneration: 4 }).state,
        'Progressing',
      );
    });
  });

  describe('Deployment, like kubectl rollout status', () => {
    const cases: [string, Record<string, unknown>, string][] = [
      [
        'new replicas not yet updated',
        { observedGeneration: 4, replicas: 3, updatedReplicas: 1, availableReplicas: 3 },
        '1 out of 3 new replicas have been updated',
      ],
      [
        'old replicas still terminating',
        { observedGeneration: 4, replicas: 4, updatedReplicas: 3, availableReplicas: 3 },
        '1 old replicas are pending termination',
      ],
      [
        'updated replicas not yet available',
        { observedGeneration: 4, replicas: 3, updatedReplicas: 3, availableReplicas: 2 },
        '2 of 3 updated replicas are available',
      ],
    ];
    for (const [situation, status, message] of cases) {
      it(`is progressing while ${situation}`, () => {
        assert.deepEqual(evaluateReadiness(liveDeployment(4, status), { appliedGeneration: 4 }), {
          state: 'Progressing',
          reason: 'RolloutInProgress',
          message,
        });
      });
    }

    it('is ready once every replica is updated and available at the applied generation', () => {
      assert.equal(evaluateReadiness(liveDeployment(4, rolledOut), { appliedGeneration: 4 }).state, 'Ready');
    });

    it('stays ready when someone else has bumped the generation past ours and the controller caught up', () => {
      assert.equal(
        evaluateReadiness(liveDeployment(5, { ...rolledOut, observedGeneration: 5 }), { appliedGeneration: 4 }).state,
        'Ready',
      );
    });

    it('fails with the condition message when the progress deadline is exceeded', () => {
      const status = {
        ...rolledOut,
        updatedReplicas: 1,
        conditions: [
          {
            type: 'Progressing',
            status: 'False',
            reason: 'ProgressDeadlineExceeded',
            message: 'ReplicaSet "storefront-7d9c" has timed out progressing.',
          },
        ],
      };
      assert.deepEqual(evaluateReadiness(liveDeployment(4, status), { appliedGeneration: 4 }), {
        state: 'Failed',
        reason: 'ProgressDeadlineExceeded',
        message: 'ReplicaSet "storefront-7d9c" has timed out progressing.',
      });
    });

    it('is not ready while paused', () => {
      assert.equal(
        evaluateReadiness(liveDeployment(4, rolledOut, { paused: true }), { appliedGeneration: 4 }).reason,
        'Paused',
      );
    });
  });

  describe('StatefulSet', () => {
    const statefulSet = (status: Record<string, unknown>, spec: Record<string, unknown> = {}): LiveObject => ({
      kind: 'StatefulSet',
      metadata: { name: 'db', generation: 2 },
      spec: { replicas: 3, ...spec },
      status: { observedGeneration: 2, ...status },
    });

    it('waits for pods to be ready', () => {
      assert.match(
        evaluateReadiness(statefulSet({ readyReplicas: 1 }), { appliedGeneration: 2 }).message,
        /waiting for 2 pods to be ready/,
      );
    });

    it('waits for the update revision to become current', () => {
      const readiness = evaluateReadiness(
        statefulSet({ readyReplicas: 3, updatedReplicas: 1, currentRevision: 'db-1', updateRevision: 'db-2' }),
        { appliedGeneration: 2 },
      );
      assert.equal(readiness.state, 'Progressing');
    });

    it('is ready when every pod is ready at the update revision', () => {
      assert.equal(
        evaluateReadiness(statefulSet({ readyReplicas: 3, currentRevision: 'db-2', updateRevision: 'db-2' }), {
          appliedGeneration: 2,
        }).state,
        'Ready',
      );
    });

    it('honours a partitioned rolling update', () => {
      const spec = { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } };
      assert.equal(
        evaluateReadiness(statefulSet({ readyReplicas: 3, updatedReplicas: 0 }, spec), { appliedGeneration: 2 }).state,
        'Progressing',
      );
      assert.equal(
        evaluateReadiness(statefulSet({ readyReplicas: 3, updatedReplicas: 1 }, spec), { appliedGeneration: 2 }).state,
        'Ready',
      );
    });
  });

  describe('DaemonSet', () => {
    const daemonSet = (status: Record<string, unknown>): LiveObject => ({
      kind: 'DaemonSet',
      metadata: { generation: 1 },
      status: { observedGeneration: 1, ...status },
    });

    it('waits until every scheduled pod is updated and available', () => {
      assert.match(
        evaluateReadiness(daemonSet({ desiredNumberScheduled: 5, updatedNumberScheduled: 3, numberAvailable: 5 }), {
          appliedGeneration: 1,
        }).message,
        /3 out of 5 new pods/,
      );
      assert.match(
        evaluateReadiness(daemonSet({ desiredNumberScheduled: 5, updatedNumberScheduled: 5, numberAvailable: 4 }), {
          appliedGeneration: 1,
        }).message,
        /4 of 5 updated pods/,
      );
      assert.equal(
        evaluateReadiness(daemonSet({ desiredNumberScheduled: 5, updatedNumberScheduled: 5, numberAvailable: 5 }), {
          appliedGeneration: 1,
        }).state,
        'Ready',
      );
    });
  });

  describe('Job', () => {
    const job = (conditions: unknown[]): LiveObject => ({
      kind: 'Job',
      metadata: { name: 'migrate', generation: 1 },
      status: { conditions },
    });

    it('is ready when complete', () => {
      assert.equal(
        evaluateReadiness(job([{ type: 'Complete', status: 'True' }]), { appliedGeneration: 1 }).state,
        'Ready',
      );
    });

    it('fails with the Kubernetes message when failed', () => {
      const readiness = evaluateReadiness(
        job([
          {
            type: 'Failed',
            status: 'True',
            reason: 'BackoffLimitExceeded',
            message: 'Job has reached the specified backoff limit',
          },
        ]),
        { appliedGeneration: 1 },
      );
      assert.deepEqual(readiness, {
        state: 'Failed',
        reason: 'BackoffLimitExceeded',
        message: 'Job has reached the specified backoff limit',
      });
    });

    it('is progressing while running', () => {
      assert.equal(evaluateReadiness(job([]), { appliedGeneration: 1 }).state, 'Progressing');
    });
  });

  describe('other kinds', () => {
    it('a CRD is ready once established, and failed when its names are refused', () => {
      const crd = (conditions: unknown[]): LiveObject => ({
        kind: 'CustomResourceDefinition',
        metadata: { generation: 1 },
        status: { conditions },
      });
      assert.equal(
        evaluateReadiness(crd([{ type: 'Established', status: 'True' }]), { appliedGeneration: 1 }).state,
        'Ready',
      );
      assert.equal(evaluateReadiness(crd([]), { appliedGeneration: 1 }).state, 'Progressing');
      assert.equal(
        evaluateReadiness(
          crd([{ type: 'NamesAccepted', status: 'False', message: 'plural "caches" is already in use' }]),
          { appliedGeneration: 1 },
        ).state,
        'Failed',
      );
    });

    it('a ConfigMap, Service or Ingress is ready once applied', () => {
      for (const kind of ['ConfigMap', 'Service', 'Ingress', 'HorizontalPodAutoscaler']) {
        assert.equal(
          evaluateReadiness({ kind, metadata: { name: 'x' } }, { appliedGeneration: 1 }).state,
          'Ready',
          kind,
        );
      }
    });

    it('a missing object is not ready', () => {
      assert.equal(evaluateReadiness(undefined, { appliedGeneration: 1 }).reason, 'NotFound');
    });
  });

  describe('the control plane progress deadline', () => {
    const stuck = liveDeployment(4, { observedGeneration: 4, replicas: 3, updatedReplicas: 3, availableReplicas: 1 });

    it('keeps waiting within the deadline', () => {
      assert.equal(
        evaluateReadiness(stuck, { appliedGeneration: 4, appliedAt: 0, now: 599_000, progressDeadlineSeconds: 600 })
          .state,
        'Progressing',
      );
    });

    it('fails after it, saying what it was waiting for', () => {
      assert.deepEqual(
        evaluateReadiness(stuck, { appliedGeneration: 4, appliedAt: 0, now: 601_000, progressDeadlineSeconds: 600 }),
        {
          state: 'Failed',
          reason: 'ProgressDeadline',
          message: 'not ready 600s after apply: 1 of 3 updated replicas are available',
        },
      );
    });
  });
});
