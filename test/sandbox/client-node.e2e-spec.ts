import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { V1ConfigMap, V1Deployment } from '@kubernetes/client-node';
import { TestSandbox, clientNode, eventually, startTestSandbox } from './support';

const CLUSTER = 'node-client';

function deployment(name: string): V1Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default', labels: { app: name } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            { name: 'api', image: 'ghcr.io/example/api:1.4.0', env: [{ name: 'MODE', value: 'prod' }] },
            { name: 'proxy', image: 'envoyproxy/envoy:v1.31.0' },
          ],
        },
      },
    },
  };
}

describe('@kubernetes/client-node against a sandbox cluster', { timeout: 60_000 }, () => {
  let env: TestSandbox;
  const k8s = clientNode();
  let config: InstanceType<typeof k8s.KubeConfig>;

  before(async () => {
    env = await startTestSandbox([{ name: CLUSTER }]);
    config = new k8s.KubeConfig();
    config.loadFromFile(env.sandbox.clusters[0].kubeconfigPath);
  });
  after(() => env.close());

  it('lists with limit/continue pages that together hold every object', async () => {
    const core = config.makeApiClient(k8s.CoreV1Api);
    for (let index = 0; index < 5; index++) {
      await core.createNamespacedConfigMap({
        namespace: 'default',
        body: { metadata: { name: `page-${index}`, labels: { batch: 'paging' } }, data: { index: String(index) } },
      });
    }
    const first = await core.listNamespacedConfigMap({ namespace: 'default', labelSelector: 'batch=paging', limit: 2 });
    assert.equal(first.items.length, 2);
    assert.equal(first.metadata?.remainingItemCount, 3);
    const names = first.items.map((item) => item.metadata?.name);
    let token = first.metadata?._continue;
    while (token) {
      const page = await core.listNamespacedConfigMap({
        namespace: 'default',
        labelSelector: 'batch=paging',
        limit: 2,
        _continue: token,
      });
      names.push(...page.items.map((item) => item.metadata?.name));
      token = page.metadata?._continue;
    }
    assert.deepEqual(names, ['page-0', 'page-1', 'page-2', 'page-3', 'page-4']);
  });

  it('keeps an informer cache in sync through list and watch', async () => {
    const core = config.makeApiClient(k8s.CoreV1Api);
    const informer = k8s.makeInformer(
      config,
      '/api/v1/namespaces/default/configmaps',
      () => core.listNamespacedConfigMap({ namespace: 'default', labelSelector: 'watched=yes' }),
      'watched=yes',
    );
    const seen: string[] = [];
    informer.on('add', (object: V1ConfigMap) => seen.push(`add:${object.metadata?.name}`));
    informer.on('update', (object: V1ConfigMap) => seen.push(`update:${object.metadata?.name}:${object.data?.v}`));
    informer.on('delete', (object: V1ConfigMap) => seen.push(`delete:${object.metadata?.name}`));
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'before-start', labels: { watched: 'yes' } }, data: { v: '1' } },
    });
    await informer.start();
    try {
      await core.createNamespacedConfigMap({
        namespace: 'default',
        body: { metadata: { name: 'live', labels: { watched: 'yes' } }, data: { v: '1' } },
      });
      await core.patchNamespacedConfigMap(
        { name: 'live', namespace: 'default', body: { data: { v: '2' } } },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
      );
      await core.deleteNamespacedConfigMap({ name: 'before-start', namespace: 'default' });
      await eventually(() => (seen.includes('delete:before-start') ? true : undefined));
      assert.deepEqual(seen, ['add:before-start', 'add:live', 'update:live:2', 'delete:before-start']);
      assert.deepEqual(
        informer.list('default').map((item) => item.metadata?.name),
        ['live'],
      );
    } finally {
      await informer.stop();
    }
  });

  it('answers a watch from a compacted resourceVersion with 410 Gone', async () => {
    const watch = new k8s.Watch(config);
    const events: Array<{ type: string; code?: number }> = [];
    for (let index = 0; index < 300; index++) {
      await config
        .makeApiClient(k8s.CoreV1Api)
        .patchNamespacedConfigMap(
          { name: 'live', namespace: 'default', body: { data: { churn: String(index) } } },
          k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
        );
    }
    await new Promise<void>((resolve, reject) => {
      watch
        .watch(
          '/api/v1/namespaces/default/configmaps',
          { resourceVersion: '2' },
          (type, object: { code?: number }) => events.push({ type, code: object.code }),
          () => resolve(),
        )
        .catch(reject);
    });
    assert.deepEqual(events, [{ type: 'ERROR', code: 410 }]);
  });

  it('merges containers by name with a strategic merge patch', async () => {
    const apps = config.makeApiClient(k8s.AppsV1Api);
    await apps.createNamespacedDeployment({ namespace: 'default', body: deployment('orders') });
    const patched = await apps.patchNamespacedDeployment(
      {
        name: 'orders',
        namespace: 'default',
        body: { spec: { template: { spec: { containers: [{ name: 'proxy', image: 'envoyproxy/envoy:v1.32.0' }] } } } },
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.StrategicMergePatch),
    );
    const containers = patched.spec?.template.spec?.containers ?? [];
    assert.deepEqual(
      containers.map((container) => `${container.name}=${container.image}`),
      ['api=ghcr.io/example/api:1.4.0', 'proxy=envoyproxy/envoy:v1.32.0'],
    );
    assert.equal(containers[0].env?.[0].value, 'prod');
    assert.equal(patched.metadata?.generation, 2);
  });

  it('replaces lists wholesale with a JSON merge patch and edits precisely with a JSON patch', async () => {
    const apps = config.makeApiClient(k8s.AppsV1Api);
    const merged = await apps.patchNamespacedDeployment(
      {
        name: 'orders',
        namespace: 'default',
        body: { spec: { template: { spec: { containers: [{ name: 'api', image: 'ghcr.io/example/api:1.5.0' }] } } } },
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    assert.deepEqual(
      merged.spec?.template.spec?.containers.map((container) => container.name),
      ['api'],
    );
    const jsonPatched = await apps.patchNamespacedDeployment(
      {
        name: 'orders',
        namespace: 'default',
        body: [
          { op: 'test', path: '/spec/replicas', value: 2 },
          { op: 'replace', path: '/spec/replicas', value: 4 },
          { op: 'add', path: '/metadata/labels/tier', value: 'backend' },
        ],
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.JsonPatch),
    );
    assert.equal(jsonPatched.spec?.replicas, 4);
    assert.equal(jsonPatched.metadata?.labels?.tier, 'backend');
    await assert.rejects(
      apps.patchNamespacedDeployment(
        { name: 'orders', namespace: 'default', body: [{ op: 'test', path: '/spec/replicas', value: 99 }] },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.JsonPatch),
      ),
      (error: { code?: number }) => error.code === 422,
    );
  });

  it('applies server-side with a field manager and gives the applier ownership', async () => {
    const apps = config.makeApiClient(k8s.AppsV1Api);
    const applied = await apps.patchNamespacedDeployment(
      { name: 'payments', namespace: 'default', body: deployment('payments'), fieldManager: 'fleetplane', force: true },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.ServerSideApply),
    );
    assert.equal(applied.metadata?.managedFields?.[0].manager, 'fleetplane');
    assert.equal(applied.metadata?.managedFields?.[0].operation, 'Apply');
    const trimmed = deployment('payments');
    trimmed.spec!.template.spec!.containers = [trimmed.spec!.template.spec!.containers[0]];
    const reapplied = await apps.patchNamespacedDeployment(
      { name: 'payments', namespace: 'default', body: trimmed, fieldManager: 'fleetplane' },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.ServerSideApply),
    );
    assert.deepEqual(
      reapplied.spec?.template.spec?.containers.map((container) => container.name),
      ['api'],
      'a container the manager stopped applying is removed',
    );
  });

  it('rejects an update carrying a stale resourceVersion with 409 Conflict', async () => {
    const core = config.makeApiClient(k8s.CoreV1Api);
    const original = await core.readNamespacedConfigMap({ name: 'live', namespace: 'default' });
    await core.replaceNamespacedConfigMap({
      name: 'live',
      namespace: 'default',
      body: { ...original, data: { v: 'first' } },
    });
    await assert.rejects(
      core.replaceNamespacedConfigMap({
        name: 'live',
        namespace: 'default',
        body: { ...original, data: { v: 'second' } },
      }),
      (error: { code?: number; body?: string }) =>
        error.code === 409 && /the object has been modified/.test(String(error.body)),
    );
  });

  it('keeps finalized objects until their finalizers are removed', async () => {
    const core = config.makeApiClient(k8s.CoreV1Api);
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'guarded', finalizers: ['example.com/cleanup'] } },
    });
    await core.deleteNamespacedConfigMap({ name: 'guarded', namespace: 'default' });
    const terminating = await core.readNamespacedConfigMap({ name: 'guarded', namespace: 'default' });
    assert.ok(terminating.metadata?.deletionTimestamp);
    await core.patchNamespacedConfigMap(
      { name: 'guarded', namespace: 'default', body: { metadata: { finalizers: null } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    await assert.rejects(
      core.readNamespacedConfigMap({ name: 'guarded', namespace: 'default' }),
      (error: { code?: number }) => error.code === 404,
    );
  });
});
