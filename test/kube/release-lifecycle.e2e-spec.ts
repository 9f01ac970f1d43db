import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AppsV1Api, CoreV1Api, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { objectsToPrune, renderForCluster } from '@fleetplane/fanout';
import { KubeObject } from '@fleetplane/objects';
import { AppliedObject, KubeClusterClient, ReadinessState, isKubeApiError } from '@fleetplane/kube';
import { clusterCandidate, deploymentOnto, objectOfKind, shopRelease } from './releases';
import { FAST_TIMELINE, KubeTestEnv, settledRequests, startKubeTestEnv } from './support';

const CLUSTER = 'shop-eu';
const PROGRESS_DEADLINE_MS = 1_000;
const cluster = clusterCandidate(CLUSTER);
const render = (options: Parameters<typeof shopRelease>[0]): KubeObject[] =>
  renderForCluster(shopRelease(options), deploymentOnto(cluster), cluster).objects;
const deploymentOf = (applied: readonly AppliedObject[]): AppliedObject => {
  const deployment = applied.find((object) => object.kind === 'Deployment');
  assert.ok(deployment, 'a Deployment was applied');
  return deployment;
};

describe('applying a release to one cluster', { timeout: 60_000 }, () => {
  let env: KubeTestEnv;
  let client: KubeClusterClient;
  let first: AppliedObject[];

  before(async () => {
    // A short progress deadline for every Deployment, so a stuck rollout fails within a second. (Set on the
    // timeline rather than in spec.progressDeadlineSeconds: the sandbox keeps an earlier rollout's 600 s
    // deadline timer and would notice a shorter one only then.)
    env = await startKubeTestEnv([{ name: CLUSTER }], {
      timeline: { ...FAST_TIMELINE, progressDeadlineMs: PROGRESS_DEADLINE_MS },
    });
    client = env.clientFor(CLUSTER);
  });
  after(() => env.close());

  it('applies every object in install order with one PATCH each and returns what each apply produced', async () => {
    const objects = render({ version: '1.4.2' });
    env.clearRequests(CLUSTER);
    first = await client.apply(objects);

    assert.deepEqual(
      first.map((object) => `${object.kind} ${object.namespace ?? ''}/${object.name}`),
      objects.map((object) => `${object.kind} ${object.metadata.namespace ?? ''}/${object.metadata.name}`),
    );
    const requests = await settledRequests(env, CLUSTER);
    assert.equal(requests.length, objects.length, requests.join('\n'));
    assert.ok(requests.every((request) => request.startsWith('PATCH ') && request.includes('fieldManager=fleetplane')));
    assert.equal(client.discoveryRequests, 0, 'built-in kinds need no discovery');

    const deployment = deploymentOf(first);
    assert.equal(deployment.generation, 1);
    assert.match(deployment.uid, /^[0-9a-f-]{36}$/);
    assert.ok(Number(deployment.resourceVersion) > 0);
    assert.deepEqual(
      { state: deployment.readinessAtApply.state, reason: deployment.readinessAtApply.reason },
      { state: 'Progressing', reason: 'StaleStatus' },
      'the apply response carries no status for the new generation yet',
    );
  });

  it('waits until the Deployment has rolled out at the applied generation', async () => {
    const report = await client.waitForReady(first, { deadlineMs: 10_000, pollIntervalMs: 50 });
    assert.equal(report.state, 'Ready');
    assert.equal(report.timedOut, false);
    const deployment = report.objects.find(({ object }) => object.kind === 'Deployment');
    assert.equal(deployment?.readiness.reason, 'RolloutComplete');
  });

  it('re-applying unchanged keeps every generation and needs no read to confirm readiness', async () => {
    env.clearRequests(CLUSTER);
    const again = await client.apply(render({ version: '1.4.2' }));
    assert.deepEqual(
      again.map((object) => object.generation),
      first.map((object) => object.generation),
    );
    const report = await client.waitForReady(again, { deadlineMs: 5_000, pollIntervalMs: 50 });
    assert.equal(report.state, 'Ready');
    const requests = await settledRequests(env, CLUSTER);
    assert.equal(requests.length, again.length, `one PATCH per object and nothing else:\n${requests.join('\n')}`);
  });

  it('a new image bumps the generation, and readiness goes Progressing then Ready', async () => {
    const before = deploymentOf(first).generation ?? 0;
    const applied = await client.apply(render({ version: '1.5.0' }));
    assert.equal(deploymentOf(applied).generation, before + 1);

    const seen: ReadinessState[] = [];
    const report = await client.waitForReady(applied, {
      deadlineMs: 10_000,
      pollIntervalMs: 20,
      onProgress: (objects) => {
        const deployment = objects.find(({ object }) => object.kind === 'Deployment');
        if (deployment && seen.at(-1) !== deployment.readiness.state) seen.push(deployment.readiness.state);
      },
    });
    assert.equal(report.state, 'Ready');
    assert.deepEqual(seen, ['Progressing', 'Ready']);
  });

  it('an image that crashloops ends Failed with the Deployment controller’s ProgressDeadlineExceeded', async () => {
    const applied = await client.apply(render({ version: '1.6.0', imageTag: '1.6.0-crashloop' }));
    const report = await client.waitForReady(applied, { deadlineMs: 10 * PROGRESS_DEADLINE_MS, pollIntervalMs: 100 });
    assert.equal(report.state, 'Failed');
    assert.equal(report.timedOut, false);
    const deployment = report.objects.find(({ object }) => object.kind === 'Deployment');
    assert.equal(deployment?.readiness.state, 'Failed');
    assert.equal(deployment?.readiness.reason, 'ProgressDeadlineExceeded');
    assert.match(deployment?.readiness.message ?? '', /has timed out progressing/);
  });

  it('reports still-progressing objects when its own deadline passes first', async () => {
    const applied = await client.apply(render({ version: '1.6.1', imageTag: '1.6.1-crashloop' }));
    const started = Date.now();
    const report = await client.waitForReady(applied, { deadlineMs: 300, pollIntervalMs: 50 });
    assert.ok(Date.now() - started < 1_000, 'the wait keeps its deadline');
    assert.equal(report.state, 'Progressing');
    assert.equal(report.timedOut, true);
  });

  it('prunes an object the previous release owned and the new one dropped, tolerating a second delete', async () => {
    const previous = render({ version: '1.5.0' });
    const next = render({ version: '1.7.0', withoutIngress: true });
    await client.apply(next);

    const kinds = [...new Map(previous.map((object) => [`${object.apiVersion}/${object.kind}`, object])).values()].map(
      ({ apiVersion, kind }) => ({ apiVersion, kind }),
    );
    const live = await client.listOwned('shop', kinds);
    assert.equal(live.length, previous.length, 'every object the release applied is listed by its ownership labels');
    const prune = objectsToPrune('shop', live, next);
    assert.deepEqual(
      prune.map((object) => `${object.kind}/${object.metadata.name}`),
      ['Ingress/storefront'],
    );

    const ingress = { apiVersion: prune[0].apiVersion, kind: 'Ingress', namespace: 'shop', name: 'storefront' };
    assert.equal(await client.delete(ingress), true);
    assert.equal(await client.get(ingress), undefined);
    assert.equal(await client.delete(ingress), false, 'already gone is not an error');
  });

  it('reports drift on the fields another manager changed, and none where an HPA owns the replicas', async () => {
    const objects = render({ version: '1.7.0', withoutIngress: true });
    await client.apply(objects);
    const core = env.kubeConfigFor(CLUSTER).makeApiClient(CoreV1Api);
    await core.patchNamespacedConfigMap(
      {
        name: 'storefront-config',
        namespace: 'shop',
        body: { data: { LOG_LEVEL: 'debug' } },
        fieldManager: 'kubectl-edit',
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    // What the HorizontalPodAutoscaler controller does on a real cluster.
    await env
      .kubeConfigFor(CLUSTER)
      .makeApiClient(AppsV1Api)
      .patchNamespacedDeployment(
        {
          name: 'storefront',
          namespace: 'shop',
          body: { spec: { replicas: 3 } },
          fieldManager: 'horizontal-pod-autoscaler',
        },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );

    const drift = await client.driftOf(objects);
    const drifted = drift.filter((entry) => entry.fields.length > 0 || entry.missing);
    assert.deepEqual(
      drifted.map((entry) => ({ kind: entry.object.kind, fields: entry.fields })),
      [{ kind: 'ConfigMap', fields: [{ path: 'data.LOG_LEVEL', expected: 'info', actual: 'debug' }] }],
    );
  });

  it('refuses to take a field from another manager when not forced, naming the manager and field', async () => {
    const configMap = objectOfKind(render({ version: '1.7.0', withoutIngress: true }), 'ConfigMap');
    await assert.rejects(client.apply([configMap], { force: false }), (error: unknown) => {
      assert.ok(isKubeApiError(error, 'Conflict'));
      assert.equal(error.retryable, false);
      assert.deepEqual(error.conflicts, [{ manager: 'kubectl-edit', field: '.data.LOG_LEVEL' }]);
      assert.equal(error.object?.name, 'storefront-config');
      return true;
    });
    const [forced] = await client.apply([configMap]);
    assert.ok(forced.resourceVersion);
    const drift = await client.driftOf([configMap]);
    assert.deepEqual(drift[0].fields, [], 'the forced apply took the field back');
  });
});
