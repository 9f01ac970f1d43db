import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RecordedEvent, TestSandbox, recordWatch, startTestSandbox } from './support';

const CLUSTER = 'workloads-1';
const PODS = '/api/v1/namespaces/default/pods';

const statefulSet = (image: string): string => `
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: default}
spec:
  serviceName: db
  replicas: 3
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers: [{name: db, image: "${image}", ports: [{containerPort: 5432}]}]
`;

const daemonSet = `
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: node-agent, namespace: default}
spec:
  selector: {matchLabels: {app: node-agent}}
  template:
    metadata: {labels: {app: node-agent}}
    spec:
      containers: [{name: agent, image: "fluent/fluent-bit:3.1.9"}]
`;

const job = (name: string, image: string, extra: string): string => `
apiVersion: batch/v1
kind: Job
metadata: {name: ${name}, namespace: default}
spec:
  ${extra}
  template:
    spec:
      restartPolicy: Never
      containers: [{name: task, image: "${image}", command: ["sh", "-c", "echo done"]}]
`;

/** Index of the first event matching the predicate, failing when there is none. */
function indexOf(events: RecordedEvent[], predicate: (event: RecordedEvent) => boolean, what: string): number {
  const index = events.findIndex(predicate);
  assert.ok(index >= 0, `no event for ${what}`);
  return index;
}

describe('StatefulSets, DaemonSets and Jobs driven by the real kubectl', { timeout: 90_000 }, () => {
  let env: TestSandbox;
  const kubectl = (...args: string[]) => env.kubectl(CLUSTER, args);
  const apply = async (manifest: string): Promise<void> => {
    const result = await env.kubectl(CLUSTER, ['apply', '-f', '-'], { input: manifest });
    assert.equal(result.code, 0, result.stderr);
  };
  const json = (...args: string[]) => env.kubectlJson(CLUSTER, args);

  before(async () => {
    env = await startTestSandbox([{ name: CLUSTER }], { adminPort: false });
  });
  after(() => env.close());

  it('rolls a StatefulSet out in ordinal order, each pod only once the previous one is Ready', async () => {
    const watch = await recordWatch(env.sandbox.clusters[0], PODS);
    try {
      await apply(statefulSet('postgres:16.4'));
      const rollout = await kubectl('rollout', 'status', 'statefulset/db', '--timeout=20s');
      assert.equal(rollout.code, 0, rollout.stderr);
      assert.match(rollout.stdout, /partitioned roll out complete|statefulset rolling update complete 3 pods/);
      const events = watch.events.filter((event) => event.name.startsWith('db-'));
      for (const ordinal of [1, 2]) {
        const previousReady = indexOf(
          events,
          (event) => event.name === `db-${ordinal - 1}` && event.ready,
          `db-${ordinal - 1} Ready`,
        );
        const created = indexOf(
          events,
          (event) => event.name === `db-${ordinal}` && event.type === 'ADDED',
          `db-${ordinal} created`,
        );
        assert.ok(created > previousReady, `db-${ordinal} was created before db-${ordinal - 1} was Ready`);
      }
    } finally {
      watch.stop();
    }
    const db = await json('get', 'statefulset', 'db');
    assert.equal(db.status.observedGeneration, db.metadata.generation);
    assert.equal(db.status.replicas, 3);
    assert.equal(db.status.readyReplicas, 3);
    assert.equal(db.status.updatedReplicas, 3);
    assert.equal(db.status.currentRevision, db.status.updateRevision);
    const pods = await json('get', 'pods', '-l', 'app=db');
    assert.deepEqual(pods.items.map((pod: { metadata: { name: string } }) => pod.metadata.name).sort(), [
      'db-0',
      'db-1',
      'db-2',
    ]);
    assert.equal(pods.items[0].metadata.labels['statefulset.kubernetes.io/pod-name'], pods.items[0].metadata.name);
  });

  it('updates a StatefulSet from the highest ordinal down and reports the new revision as current', async () => {
    const before = await json('get', 'statefulset', 'db');
    const watch = await recordWatch(env.sandbox.clusters[0], PODS);
    try {
      assert.equal((await kubectl('set', 'image', 'statefulset/db', 'db=postgres:16.5')).code, 0);
      const rollout = await kubectl('rollout', 'status', 'statefulset/db', '--timeout=20s');
      assert.equal(rollout.code, 0, rollout.stderr);
      const deletions = watch.events
        .filter((event) => event.type === 'DELETED' && event.name.startsWith('db-'))
        .map((event) => event.name);
      assert.deepEqual(deletions, ['db-2', 'db-1', 'db-0']);
    } finally {
      watch.stop();
    }
    const db = await json('get', 'statefulset', 'db');
    assert.equal(db.metadata.generation, before.metadata.generation + 1);
    assert.notEqual(db.status.updateRevision, before.status.updateRevision);
    assert.equal(db.status.currentRevision, db.status.updateRevision);
    assert.equal(db.status.updatedReplicas, 3);
    const pods = await json('get', 'pods', '-l', 'app=db');
    assert.ok(
      pods.items.every(
        (pod: { metadata: { labels: Record<string, string> }; spec: { containers: Array<{ image: string }> } }) =>
          pod.metadata.labels['controller-revision-hash'] === db.status.updateRevision &&
          pod.spec.containers[0].image === 'postgres:16.5',
      ),
    );
  });

  it('runs one DaemonSet pod on the node and replaces it on a template change', async () => {
    await apply(daemonSet);
    const rollout = await kubectl('rollout', 'status', 'daemonset/node-agent', '--timeout=20s');
    assert.equal(rollout.code, 0, rollout.stderr);
    assert.match(rollout.stdout, /successfully rolled out/);
    const agent = await json('get', 'daemonset', 'node-agent');
    assert.equal(agent.status.desiredNumberScheduled, 1);
    assert.equal(agent.status.numberReady, 1);
    assert.equal(agent.status.observedGeneration, agent.metadata.generation);
    const [first] = (await json('get', 'pods', '-l', 'app=node-agent')).items;
    assert.equal(first.spec.nodeName, `${CLUSTER}-node`);

    assert.equal((await kubectl('set', 'image', 'daemonset/node-agent', 'agent=fluent/fluent-bit:3.2.0')).code, 0);
    assert.equal((await kubectl('rollout', 'status', 'daemonset/node-agent', '--timeout=20s')).code, 0);
    const pods = (await json('get', 'pods', '-l', 'app=node-agent')).items;
    assert.equal(pods.length, 1);
    assert.notEqual(pods[0].metadata.name, first.metadata.name);
    assert.equal(pods[0].spec.containers[0].image, 'fluent/fluent-bit:3.2.0');
  });

  it('completes a Job once its completions succeeded', async () => {
    await apply(job('migrate', 'busybox:1.36', 'completions: 2'));
    const wait = await kubectl('wait', '--for=condition=complete', 'job/migrate', '--timeout=20s');
    assert.equal(wait.code, 0, wait.stderr);
    const migrate = await json('get', 'job', 'migrate');
    assert.equal(migrate.status.succeeded, 2);
    assert.equal(migrate.status.active, 0);
    assert.ok(migrate.status.completionTime);
    const pods = await json('get', 'pods', '-l', 'job-name=migrate');
    assert.equal(pods.items.length, 2);
    assert.ok(pods.items.every((pod: { status: { phase: string } }) => pod.status.phase === 'Succeeded'));
  });

  it('fails a Job whose pods keep crashing with BackoffLimitExceeded', async () => {
    await apply(job('broken', 'busybox:crashloop', 'backoffLimit: 1'));
    const wait = await kubectl('wait', '--for=condition=failed', 'job/broken', '--timeout=20s');
    assert.equal(wait.code, 0, wait.stderr);
    const broken = await json('get', 'job', 'broken');
    const failed = broken.status.conditions.find((condition: { type: string }) => condition.type === 'Failed');
    assert.equal(failed.status, 'True');
    assert.equal(failed.reason, 'BackoffLimitExceeded');
    assert.equal(broken.status.failed, 2);
    assert.equal(broken.status.active, 0);
    assert.equal(
      broken.status.conditions.some((condition: { type: string }) => condition.type === 'Complete'),
      false,
    );
  });
});
