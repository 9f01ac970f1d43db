import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LiveObject } from '../readiness/live-object';
import { Readiness } from '../readiness/readiness';
import { AppliedObject } from './applied-object';
import { KubeApiError } from './kube-api-error';
import { ObjectRef } from './object-ref';
import { ReadObject, pauseBeforeRound, pollReadiness } from './poll-readiness';

const progressing: Readiness = { state: 'Progressing', reason: 'StaleStatus', message: 'waiting' };
const ready: Readiness = { state: 'Ready', reason: 'Applied', message: 'applied' };

function applied(kind: string, name: string, readinessAtApply: Readiness, generation = 2): AppliedObject {
  return {
    apiVersion: kind === 'Deployment' ? 'apps/v1' : 'v1',
    kind,
    namespace: 'shop',
    name,
    uid: `uid-${name}`,
    generation,
    resourceVersion: '10',
    appliedAt: Date.now(),
    readinessAtApply,
  };
}

function deployment(observedGeneration: number, availableReplicas: number): LiveObject {
  return {
    kind: 'Deployment',
    metadata: { name: 'web', generation: 2 },
    spec: { replicas: 2 },
    status: { observedGeneration, replicas: 2, updatedReplicas: 2, availableReplicas },
  };
}

/** Answers each read of an object with the next of its scripted answers (the last one repeats). */
function scripted(answers: Record<string, (LiveObject | Error)[]>): { read: ReadObject; reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    read: async (object: ObjectRef) => {
      reads.push(object.name);
      const queue = answers[object.name];
      const answer = queue.length > 1 ? queue.shift() : queue[0];
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
}

const unreachable = (): KubeApiError =>
  new KubeApiError({ code: 'Unreachable', message: 'refused', retryable: true, cluster: 'c', request: 'GET /x' });
const aborted = (): KubeApiError =>
  new KubeApiError({ code: 'Aborted', message: 'aborted', retryable: false, cluster: 'c', request: 'GET /x' });

describe('pollReadiness', () => {
  it('reads nothing when every object was already ready in its apply response', async () => {
    const { read, reads } = scripted({});
    const report = await pollReadiness([applied('ConfigMap', 'config', ready)], read, { deadlineMs: 1_000 }, aborted);
    assert.deepEqual([report.state, report.timedOut, reads], ['Ready', false, []]);
  });

  it('polls only the unsettled objects until they are ready at the applied generation', async () => {
    const { read, reads } = scripted({ web: [deployment(1, 2), deployment(2, 1), deployment(2, 2)] });
    const report = await pollReadiness(
      [applied('ConfigMap', 'config', ready), applied('Deployment', 'web', progressing)],
      read,
      { deadlineMs: 2_000, pollIntervalMs: 5 },
      aborted,
    );
    assert.equal(report.state, 'Ready');
    assert.deepEqual(reads, ['web', 'web', 'web'], 'a status for the old generation never counts');
  });

  it('stops at the first failed object', async () => {
    const stuck: LiveObject = {
      ...deployment(2, 0),
      status: {
        observedGeneration: 2,
        conditions: [
          { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'timed out' },
        ],
      },
    };
    const { read } = scripted({ web: [stuck], other: [deployment(2, 0)] });
    const report = await pollReadiness(
      [applied('Deployment', 'web', progressing), applied('Deployment', 'other', progressing)],
      read,
      { deadlineMs: 2_000, pollIntervalMs: 5 },
      aborted,
    );
    assert.equal(report.state, 'Failed');
    assert.deepEqual(report.objects[0].readiness, {
      state: 'Failed',
      reason: 'ProgressDeadlineExceeded',
      message: 'timed out',
    });
  });

  it('reports Progressing with timedOut when its deadline passes', async () => {
    const { read } = scripted({ web: [deployment(2, 1)] });
    const started = Date.now();
    const report = await pollReadiness(
      [applied('Deployment', 'web', progressing)],
      read,
      { deadlineMs: 60, pollIntervalMs: 10 },
      aborted,
    );
    assert.deepEqual([report.state, report.timedOut], ['Progressing', true]);
    assert.ok(Date.now() - started < 500);
  });

  it('rides out a retryable read failure', async () => {
    const { read } = scripted({ web: [unreachable(), deployment(2, 2)] });
    const report = await pollReadiness(
      [applied('Deployment', 'web', progressing)],
      read,
      { deadlineMs: 1_000, pollIntervalMs: 5 },
      aborted,
    );
    assert.equal(report.state, 'Ready');
  });

  it('rejects with the read failure when the cluster still fails at the deadline', async () => {
    const { read } = scripted({ web: [unreachable()] });
    await assert.rejects(
      pollReadiness([applied('Deployment', 'web', progressing)], read, { deadlineMs: 50, pollIntervalMs: 5 }, aborted),
      (error) => error instanceof KubeApiError && error.code === 'Unreachable',
    );
  });

  it('rejects at once on a failure retrying cannot fix', async () => {
    const forbidden = new KubeApiError({
      code: 'Forbidden',
      message: 'no',
      retryable: false,
      cluster: 'c',
      request: 'GET /x',
    });
    const { read } = scripted({ web: [forbidden] });
    await assert.rejects(
      pollReadiness(
        [applied('Deployment', 'web', progressing)],
        read,
        { deadlineMs: 5_000, pollIntervalMs: 5 },
        aborted,
      ),
      (error) => error === forbidden,
    );
  });

  it('rejects with Aborted when the caller’s signal fires', async () => {
    const { read } = scripted({ web: [deployment(2, 1)] });
    await assert.rejects(
      pollReadiness(
        [applied('Deployment', 'web', progressing)],
        read,
        { deadlineMs: 5_000, pollIntervalMs: 5, signal: AbortSignal.timeout(30) },
        aborted,
      ),
      (error) => error instanceof KubeApiError && error.code === 'Aborted',
    );
  });

  it('applies the control plane progress deadline from the time of the apply', async () => {
    const { read } = scripted({ web: [deployment(2, 1)] });
    const late = { ...applied('Deployment', 'web', progressing), appliedAt: Date.now() - 120_000 };
    const report = await pollReadiness(
      [late],
      read,
      { deadlineMs: 1_000, pollIntervalMs: 5, progressDeadlineSeconds: 60 },
      aborted,
    );
    assert.equal(report.state, 'Failed');
    assert.equal(report.objects[0].readiness.reason, 'ProgressDeadline');
  });

  it('tells onProgress about every change', async () => {
    const { read } = scripted({ web: [deployment(2, 1), deployment(2, 1), deployment(2, 2)] });
    const seen: string[] = [];
    await pollReadiness(
      [applied('Deployment', 'web', progressing)],
      read,
      {
        deadlineMs: 1_000,
        pollIntervalMs: 5,
        onProgress: (objects) => seen.push(`${objects[0].readiness.state}:${objects[0].readiness.reason}`),
      },
      aborted,
    );
    assert.deepEqual(seen, ['Progressing:StaleStatus', 'Progressing:RolloutInProgress', 'Ready:RolloutComplete']);
  });
});

describe('pauseBeforeRound', () => {
  it('reads soon after the apply and backs off to the interval', () => {
    assert.deepEqual(
      [0, 1, 2, 3, 4, 5].map((round) => pauseBeforeRound(round, 1_000)),
      [100, 200, 400, 800, 1_000, 1_000],
    );
  });

  it('never pauses longer than the interval, however short', () => {
    assert.deepEqual(
      [0, 1, 2].map((round) => pauseBeforeRound(round, 50)),
      [50, 50, 50],
    );
  });

  it('stays at the interval for a wait of any length', () => {
    assert.equal(pauseBeforeRound(10_000, 2_000), 2_000);
  });
});

describe('pollReadiness failing fast', () => {
  const crashLooping: LiveObject = {
    kind: 'Pod',
    metadata: { name: 'web-1', creationTimestamp: new Date(Date.now() - 60_000).toISOString() },
    spec: { containers: [{ name: 'web', image: 'shop:2' }] },
    status: { containerStatuses: [{ name: 'web', state: { waiting: { reason: 'CrashLoopBackOff' } } }] },
  };
  const progressingWeb: LiveObject = {
    ...deployment(2, 0),
    metadata: { name: 'web', namespace: 'shop', generation: 2 },
    spec: {
      replicas: 2,
      selector: {
        matchLabels: { app: 'web' },
        matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }],
      },
      template: { spec: { containers: [{ name: 'web', image: 'shop:2' }] } },
    },
  };

  it('fails a workload with a crash-looping pod once it is older than the threshold, without waiting for the deadline', async () => {
    const { read } = scripted({ web: [progressingWeb] });
    const listed: string[] = [];
    const old = { ...applied('Deployment', 'web', progressing), appliedAt: Date.now() - 40_000 };
    const report = await pollReadiness(
      [old],
      read,
      { deadlineMs: 5_000, pollIntervalMs: 5, failFastAfterMs: 30_000 },
      aborted,
      async (namespace, selector) => {
        listed.push(`${namespace} ${selector}`);
        return [crashLooping];
      },
    );
    assert.equal(report.state, 'Failed');
    assert.equal(report.objects[0].readiness.reason, 'CrashLoopBackOff');
    assert.deepEqual(listed, ['shop app=web,tier in (a,b)']);
  });

  it('lists no pods while the workload is younger than the threshold', async () => {
    const { read } = scripted({ web: [progressingWeb, deployment(2, 2)] });
    let lists = 0;
    const report = await pollReadiness(
      [applied('Deployment', 'web', progressing)],
      read,
      { deadlineMs: 5_000, pollIntervalMs: 5, failFastAfterMs: 30_000 },
      aborted,
      async () => {
        lists++;
        return [crashLooping];
      },
    );
    assert.equal(report.state, 'Ready');
    assert.equal(lists, 0);
  });

  it('ends the wait with the cluster’s failure once every read has failed for the threshold, telling each cause as it comes', async () => {
    const { read } = scripted({ web: [unreachable()] });
    const seen: string[] = [];
    const started = Date.now();
    await assert.rejects(
      pollReadiness(
        [applied('Deployment', 'web', progressing)],
        read,
        {
          deadlineMs: 10_000,
          pollIntervalMs: 5,
          failFastAfterMs: 100,
          onReadFailure: (error) => seen.push(error.code),
        },
        aborted,
      ),
      (error) => error instanceof KubeApiError && error.code === 'Unreachable',
    );
    assert.ok(Date.now() - started < 5_000, 'failed fast, long before the deadline');
    assert.ok(seen.length > 0 && seen.every((code) => code === 'Unreachable'));
  });

  it('keeps waiting while some reads get through', async () => {
    const { read } = scripted({ web: [unreachable(), deployment(2, 1), unreachable(), deployment(2, 2)] });
    const report = await pollReadiness(
      [applied('Deployment', 'web', progressing)],
      read,
      { deadlineMs: 5_000, pollIntervalMs: 5, failFastAfterMs: 50 },
      aborted,
    );
    assert.equal(report.state, 'Ready');
  });
});
