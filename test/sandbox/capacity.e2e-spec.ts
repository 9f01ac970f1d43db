import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestSandbox, eventually, startTestSandbox } from './support';

const CLUSTER = 'small-1';

// Three replicas of 400m on a 1-CPU node: two fit, the third cannot be scheduled.
const manifest = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: default}
spec:
  replicas: 3
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
      - name: api
        image: ghcr.io/example/api:2.4.1
        resources: {requests: {cpu: 400m, memory: 256Mi}}
`;

interface PodSummary {
  metadata: { name: string };
  spec: { nodeName?: string };
  status: { phase: string; conditions?: Array<{ type: string; status: string; reason?: string; message?: string }> };
}

describe('node capacity of a sandbox cluster', { timeout: 60_000 }, () => {
  let env: TestSandbox;
  const kubectl = (...args: string[]) => env.kubectl(CLUSTER, args);
  const json = (...args: string[]) => env.kubectlJson(CLUSTER, args);

  before(async () => {
    env = await startTestSandbox([{ name: CLUSTER, capacity: { cpu: '1', memory: '4Gi', pods: 20 } }], {
      adminPort: false,
      timeline: { podStartMs: 30, podReadyMs: 30, jobRunMs: 100, progressDeadlineMs: 1000 },
    });
  });
  after(() => env.close());

  it('leaves pods that do not fit Pending with reason Unschedulable, and the Deployment unavailable', async () => {
    const applied = await env.kubectl(CLUSTER, ['apply', '-f', '-'], { input: manifest });
    assert.equal(applied.code, 0, applied.stderr);
    const rollout = await kubectl('rollout', 'status', 'deployment/api', '--timeout=5s');
    assert.notEqual(rollout.code, 0, 'the rollout cannot complete');
    assert.match(rollout.stderr, /exceeded its progress deadline/);

    const pods: PodSummary[] = (await json('get', 'pods', '-l', 'app=api')).items;
    assert.equal(pods.length, 3);
    const pending = pods.filter((pod) => !pod.spec.nodeName);
    assert.equal(pending.length, 1);
    assert.equal(pending[0].status.phase, 'Pending');
    const scheduled = pending[0].status.conditions?.find((condition) => condition.type === 'PodScheduled');
    assert.equal(scheduled?.status, 'False');
    assert.equal(scheduled?.reason, 'Unschedulable');
    assert.match(scheduled?.message ?? '', /0\/1 nodes are available: 1 Insufficient cpu/);
    assert.ok(pods.filter((pod) => pod.spec.nodeName).every((pod) => pod.status.phase === 'Running'));

    const api = await json('get', 'deployment', 'api');
    assert.equal(api.status.availableReplicas, 2);
    assert.equal(api.status.unavailableReplicas, 1);
    const available = api.status.conditions.find((condition: { type: string }) => condition.type === 'Available');
    assert.equal(available.status, 'False');
    assert.equal(available.reason, 'MinimumReplicasUnavailable');
    const progressing = api.status.conditions.find((condition: { type: string }) => condition.type === 'Progressing');
    assert.equal(progressing.reason, 'ProgressDeadlineExceeded');
  });

  it('schedules a waiting pod as soon as capacity frees up', async () => {
    const blocker = `
apiVersion: v1
kind: Pod
metadata: {name: batch, namespace: default}
spec:
  containers: [{name: main, image: "busybox:1.36", resources: {requests: {cpu: 300m}}}]
`;
    const created = await env.kubectl(CLUSTER, ['apply', '-f', '-'], { input: blocker });
    assert.equal(created.code, 0, created.stderr);
    // 800m of the node's 1000m are taken by the two running api pods.
    const waiting: PodSummary = await eventually(async () => {
      const pod: PodSummary = await json('get', 'pod', 'batch');
      return pod.status.conditions?.some((condition) => condition.reason === 'Unschedulable') ? pod : undefined;
    });
    assert.equal(waiting.spec.nodeName, undefined);

    assert.equal((await kubectl('scale', 'deployment/api', '--replicas=1')).code, 0);
    const bound: PodSummary = await eventually(async () => {
      const pod: PodSummary = await json('get', 'pod', 'batch');
      return pod.status.phase === 'Running' ? pod : undefined;
    });
    assert.equal(bound.spec.nodeName, `${CLUSTER}-node`);
    assert.equal((await kubectl('rollout', 'status', 'deployment/api', '--timeout=10s')).code, 0);
    const api = await json('get', 'deployment', 'api');
    const available = api.status.conditions.find((condition: { type: string }) => condition.type === 'Available');
    assert.equal(available.status, 'True');
    assert.equal((await json('get', 'pods', '-l', 'app=api')).items.length, 1);
  });
});
