import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FIXTURES, TestSandbox, startTestSandbox } from './support';

const CLUSTER = 'kubectl-1';
const APP = join(FIXTURES, 'web-app.yaml');

describe('the real kubectl against a sandbox cluster', { timeout: 120_000 }, () => {
  let env: TestSandbox;
  const kubectl = (...args: string[]) => env.kubectl(CLUSTER, args);
  const json = async (...args: string[]) => {
    const result = await kubectl(...args, '-o', 'json');
    assert.equal(result.code, 0, result.stderr);
    return JSON.parse(result.stdout);
  };

  before(async () => {
    env = await startTestSandbox([{ name: CLUSTER, labels: { cloud: 'gcp', region: 'europe-west4' } }], {
      timeline: { podStartMs: 30, podReadyMs: 30, jobRunMs: 100, progressDeadlineMs: 1500 },
    });
  });
  after(() => env.close());

  it('writes a kubeconfig kubectl can use and reports server version 1.32', async () => {
    const result = await kubectl('version', '-o', 'json');
    assert.equal(result.code, 0, result.stderr);
    assert.equal(JSON.parse(result.stdout).serverVersion.minor, '32');
    assert.deepEqual(env.sandbox.clusters[0].labels, { cloud: 'gcp', region: 'europe-west4' });
  });

  it('speaks HTTP/2 with kubectl, negotiated as with a real API server', async () => {
    env.sandbox.clearRequestLog(CLUSTER);
    const result = await kubectl('get', 'namespaces');
    assert.equal(result.code, 0, result.stderr);
    const versions = new Set(env.sandbox.requestLog(CLUSTER).map((entry) => entry.httpVersion));
    assert.deepEqual([...versions], ['2.0']);
  });

  it('applies an application client-side and rolls the Deployment out', async () => {
    const applied = await kubectl('apply', '-f', APP);
    assert.equal(applied.code, 0, applied.stderr);
    assert.match(applied.stdout, /deployment.apps\/web created/);
    assert.match(applied.stdout, /ingress.networking.k8s.io\/web created/);
    assert.match(applied.stdout, /horizontalpodautoscaler.autoscaling\/web created/);
    const rollout = await kubectl('-n', 'shop', 'rollout', 'status', 'deployment/web', '--timeout=20s');
    assert.equal(rollout.code, 0, rollout.stderr);
    assert.match(rollout.stdout, /successfully rolled out/);
    const deployment = await json('-n', 'shop', 'get', 'deployment', 'web');
    assert.equal(deployment.status.readyReplicas, 3);
    assert.equal(deployment.status.observedGeneration, deployment.metadata.generation);
    const progressing = deployment.status.conditions.find(
      (condition: { type: string }) => condition.type === 'Progressing',
    );
    assert.equal(progressing.reason, 'NewReplicaSetAvailable');
    const pods = await json('-n', 'shop', 'get', 'pods', '-l', 'app=web');
    assert.equal(pods.items.length, 3);
    assert.ok(pods.items.every((pod: { status: { phase: string } }) => pod.status.phase === 'Running'));
  });

  it('serves objects with uid, resourceVersion, generation and creationTimestamp', async () => {
    const configMap = await json('-n', 'shop', 'get', 'configmap', 'web-config');
    assert.match(configMap.metadata.uid, /^[0-9a-f-]{36}$/);
    assert.match(configMap.metadata.resourceVersion, /^\d+$/);
    assert.match(configMap.metadata.creationTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(configMap.data.LOG_LEVEL, 'info');
    const service = await json('-n', 'shop', 'get', 'service', 'web');
    assert.match(service.spec.clusterIP, /^10\.96\./);
    assert.equal(service.spec.ports[0].protocol, 'TCP');
  });

  it('diffs a changed manifest (exit 1) and an unchanged one (exit 0), then re-applies with a strategic merge', async () => {
    assert.equal((await kubectl('diff', '-f', APP)).code, 0);
    const changed = (await readFile(APP, 'utf8'))
      .replace('LOG_LEVEL: info', 'LOG_LEVEL: debug')
      .replace('nginx:1.27.2', 'nginx:1.27.3');
    const changedPath = join(env.dir, 'web-app-changed.yaml');
    await writeFile(changedPath, changed);
    const diff = await kubectl('diff', '-f', changedPath);
    assert.equal(diff.code, 1, diff.stderr);
    assert.match(diff.stdout, /-\s+LOG_LEVEL: info\n\+\s+LOG_LEVEL: debug/);
    const before = await json('-n', 'shop', 'get', 'deployment', 'web');
    const applied = await kubectl('apply', '-f', changedPath);
    assert.equal(applied.code, 0, applied.stderr);
    assert.equal((await kubectl('-n', 'shop', 'rollout', 'status', 'deployment/web', '--timeout=20s')).code, 0);
    const after = await json('-n', 'shop', 'get', 'deployment', 'web');
    assert.equal(after.metadata.generation, before.metadata.generation + 1);
    assert.deepEqual(
      after.spec.template.spec.containers.map(
        (container: { name: string; image: string }) => `${container.name}=${container.image}`,
      ),
      ['web=nginx:1.27.3', 'log-shipper=fluent/fluent-bit:3.1.9'],
    );
    const replicaSets = await json('-n', 'shop', 'get', 'replicasets', '-l', 'app=web');
    assert.equal(replicaSets.items.length, 2);
    assert.deepEqual(replicaSets.items.map((rs: { spec: { replicas: number } }) => rs.spec.replicas).sort(), [0, 3]);
  });

  it('scales through the scale subresource and labels objects that selectors then find', async () => {
    assert.equal((await kubectl('-n', 'shop', 'scale', 'deployment/web', '--replicas=5')).code, 0);
    assert.equal((await kubectl('-n', 'shop', 'rollout', 'status', 'deployment/web', '--timeout=20s')).code, 0);
    assert.equal((await json('-n', 'shop', 'get', 'deployment', 'web')).status.availableReplicas, 5);
    assert.equal((await kubectl('-n', 'shop', 'label', 'configmap', 'web-config', 'team=payments')).code, 0);
    const selected = await kubectl(
      '-n',
      'shop',
      'get',
      'configmaps',
      '-l',
      'team in (payments,search),app=web',
      '-o',
      'name',
    );
    assert.equal(selected.stdout.trim(), 'configmap/web-config');
    const none = await kubectl('-n', 'shop', 'get', 'configmaps', '-l', 'team!=payments', '-o', 'name');
    assert.equal(none.stdout.trim(), '');
    const byField = await kubectl(
      '-n',
      'shop',
      'get',
      'services',
      '--field-selector',
      'metadata.name=web',
      '-o',
      'name',
    );
    assert.equal(byField.stdout.trim(), 'service/web');
  });

  it('applies server-side, records managedFields, and reports conflicts unless forced', async () => {
    const manifest = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: flags, namespace: shop}',
      'data: {checkout: "on"}',
    ].join('\n');
    const path = join(env.dir, 'flags.yaml');
    await writeFile(path, manifest);
    assert.equal((await kubectl('apply', '--server-side', '--field-manager=release-bot', '-f', path)).code, 0);
    const configMap = await json('-n', 'shop', 'get', 'configmap', 'flags', '--show-managed-fields');
    const entry = configMap.metadata.managedFields.find((item: { manager: string }) => item.manager === 'release-bot');
    assert.equal(entry.operation, 'Apply');
    assert.deepEqual(entry.fieldsV1, { 'f:data': { 'f:checkout': {} } });

    await writeFile(path, manifest.replace('"on"', '"off"'));
    const conflicting = await kubectl('apply', '--server-side', '--field-manager=oncall', '-f', path);
    assert.equal(conflicting.code, 1);
    assert.match(conflicting.stderr, /conflict with "release-bot": \.data\.checkout/);
    const forced = await kubectl('apply', '--server-side', '--field-manager=oncall', '--force-conflicts', '-f', path);
    assert.equal(forced.code, 0, forced.stderr);
    const taken = await json('-n', 'shop', 'get', 'configmap', 'flags', '--show-managed-fields');
    assert.equal(taken.data.checkout, 'off');
    assert.deepEqual(
      taken.metadata.managedFields.map((item: { manager: string }) => item.manager),
      ['oncall'],
    );
  });

  it('answers an invalid name with 422 Invalid and a missing namespace with 404', async () => {
    const invalid = await env.kubectl(CLUSTER, ['create', '-f', '-'], {
      input: JSON.stringify({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'Not_Valid', namespace: 'shop' },
      }),
    });
    assert.equal(invalid.code, 1);
    assert.match(
      invalid.stderr,
      /ConfigMap "Not_Valid" is invalid: metadata.name: Invalid value: "Not_Valid": a lowercase RFC 1123 subdomain/,
    );
    const missing = await env.kubectl(CLUSTER, ['create', '-f', '-'], {
      input: JSON.stringify({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'orphan', namespace: 'nowhere' },
      }),
    });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /namespaces "nowhere" not found/);
  });

  it('serves a CustomResourceDefinition and its custom resources', async () => {
    assert.equal((await kubectl('apply', '-f', join(FIXTURES, 'backup-crd.yaml'))).code, 0);
    const created = await kubectl('apply', '-f', join(FIXTURES, 'backup-schedule.yaml'));
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /backupschedule.ops.example.com\/nightly created/);
    const listed = await kubectl('get', 'bks', '-o', 'name');
    assert.equal(listed.stdout.trim(), 'backupschedule.ops.example.com/nightly');
    const resource = await json('get', 'backupschedule', 'nightly');
    assert.equal(resource.spec.retentionDays, 14);
    assert.equal(resource.metadata.generation, 1);
    const patched = await kubectl(
      'patch',
      'backupschedule',
      'nightly',
      '--type=merge',
      '-p',
      '{"spec":{"retentionDays":30}}',
    );
    assert.equal(patched.code, 0, patched.stderr);
    assert.equal((await json('get', 'backupschedule', 'nightly')).metadata.generation, 2);
    const serverSide = await kubectl(
      'apply',
      '--server-side',
      '-f',
      join(FIXTURES, 'backup-schedule.yaml'),
      '--force-conflicts',
    );
    assert.equal(serverSide.code, 0, serverSide.stderr);
    assert.equal((await json('get', 'backupschedule', 'nightly')).spec.retentionDays, 14);
  });

  it('never readies crashlooping or unpullable images and fails the rollout at the progress deadline', async () => {
    const manifest = (name: string, image: string) =>
      JSON.stringify({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, namespace: 'shop' },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: name } },
          template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image }] } },
        },
      });
    for (const [name, image] of [
      ['crashy', 'registry.example.com/api:v2-crashloop'],
      ['ghost', 'registry.example.com/api:unpullable'],
    ]) {
      assert.equal((await env.kubectl(CLUSTER, ['apply', '-f', '-'], { input: manifest(name, image) })).code, 0);
    }
    const rollout = await kubectl('-n', 'shop', 'rollout', 'status', 'deployment/crashy', '--timeout=20s');
    assert.equal(rollout.code, 1);
    assert.match(rollout.stderr, /exceeded its progress deadline/);
    const crashy = await json('-n', 'shop', 'get', 'pods', '-l', 'app=crashy');
    const waiting = crashy.items.map(
      (pod: { status: { containerStatuses: Array<{ state: { waiting?: { reason: string } } }> } }) =>
        pod.status.containerStatuses[0].state.waiting?.reason,
    );
    assert.deepEqual(waiting, ['CrashLoopBackOff', 'CrashLoopBackOff']);
    const ghostRollout = await kubectl('-n', 'shop', 'rollout', 'status', 'deployment/ghost', '--timeout=20s');
    assert.equal(ghostRollout.code, 1);
    const ghost = await json('-n', 'shop', 'get', 'deployment', 'ghost');
    assert.equal(
      ghost.status.conditions.find((condition: { type: string }) => condition.type === 'Progressing').reason,
      'ProgressDeadlineExceeded',
    );
    const ghostPods = await json('-n', 'shop', 'get', 'pods', '-l', 'app=ghost');
    assert.equal(ghostPods.items[0].status.containerStatuses[0].state.waiting.reason, 'ImagePullBackOff');
  });

  it('deletes with cascading to ReplicaSets and Pods, then deletes the namespace', async () => {
    const deleted = await kubectl('-n', 'shop', 'delete', 'deployment', 'web');
    assert.equal(deleted.code, 0, deleted.stderr);
    const leftovers = await kubectl('-n', 'shop', 'get', 'replicasets,pods', '-l', 'app=web', '-o', 'name');
    assert.equal(leftovers.stdout.trim(), '');
    const namespace = await kubectl('delete', 'namespace', 'shop', '--timeout=20s');
    assert.equal(namespace.code, 0, namespace.stderr);
    const gone = await kubectl('get', 'namespace', 'shop');
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /namespaces "shop" not found/);
  });
});
