import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { renderForCluster } from '@fleetplane/fanout';
import { KubeObject } from '@fleetplane/objects';
import { crdManifests, shopManifests } from '../../libs/fanout/src/testing/manifests.fixtures';
import { aRelease } from '../../libs/fanout/src/testing/release.factory';
import { clusterCandidate, deploymentOnto } from './releases';
import { KubeTestEnv, settledRequests, startKubeTestEnv } from './support';

const CLUSTERS = ['count-1', 'count-2', 'count-3'];

/** The benchmark's release: the shop application plus four more ConfigMaps, ten objects. */
const tenObjectManifests =
  shopManifests +
  [1, 2, 3, 4]
    .map(
      (index) =>
        `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra-${index}\ndata:\n  index: "${index}"\n`,
    )
    .join('');

function rendered(manifests: string, clusterName: string): KubeObject[] {
  const cluster = clusterCandidate(clusterName);
  return renderForCluster(aRelease({ manifests }), deploymentOnto(cluster), cluster).objects;
}

describe('requests a cluster sees', { timeout: 30_000 }, () => {
  let env: KubeTestEnv;

  before(async () => {
    env = await startKubeTestEnv(CLUSTERS.map((name) => ({ name })));
  });
  after(() => env.close());

  it('a cold client applies a ten-object release of built-in kinds in exactly ten requests, on every cluster', async () => {
    await Promise.all(
      CLUSTERS.map(async (name) => {
        const objects = rendered(tenObjectManifests, name);
        assert.equal(objects.length, 10);
        const client = env.clientFor(name);
        env.clearRequests(name);
        const applied = await client.apply(objects);
        const report = await client.waitForReady(applied, { deadlineMs: 10_000, pollIntervalMs: 100 });
        assert.equal(report.state, 'Ready', name);
        assert.equal(client.discoveryRequests, 0);
        const requests = await settledRequests(env, name);
        const patches = requests.filter((request) => request.startsWith('PATCH '));
        assert.equal(patches.length, 10, name);
        assert.ok(
          requests.every(
            (request) =>
              request.startsWith('PATCH ') || request.startsWith('GET /apis/apps/v1/namespaces/shop/deployments/'),
          ),
          `only applies and Deployment readiness reads:\n${requests.join('\n')}`,
        );
      }),
    );
  });

  it('sends each tier of a release together, over one HTTP/2 connection: definitions, then what workloads use, then the rest', async () => {
    const [name] = CLUSTERS;
    const objects = rendered(tenObjectManifests, name);
    const client = env.clientFor(name);
    await env.sandbox.fault(name, { latencyMs: 300 });
    try {
      env.clearRequests(name);
      await client.apply(objects);
    } finally {
      await env.sandbox.clearFaults(name);
    }
    const log = env.sandbox.requestLog(name);
    assert.deepEqual([...new Set(log.map((entry) => entry.httpVersion))], ['2.0']);
    const resource = (path: string) => path.split('?')[0].split('/').at(-2) ?? path;
    // Each burst is answered 300 ms after it arrives, so the next cannot start within 150 ms of it.
    const bursts: Array<{ startedAt: number; resources: string[] }> = [];
    for (const entry of log) {
      const arrived = Date.parse(entry.time);
      const current = bursts.at(-1);
      if (current && arrived - current.startedAt < 150) current.resources.push(resource(entry.path));
      else bursts.push({ startedAt: arrived, resources: [resource(entry.path)] });
    }
    assert.deepEqual(
      bursts.map((burst) => burst.resources.sort()),
      [
        ['namespaces'],
        ['configmaps', 'configmaps', 'configmaps', 'configmaps', 'configmaps'],
        ['deployments', 'horizontalpodautoscalers', 'ingresses', 'services'],
      ],
      log.map((entry) => `${entry.time} ${entry.path}`).join('\n'),
    );
  });

  it('a custom resource costs one discovery request per client, then one request per object', async () => {
    const [name] = CLUSTERS;
    const objects = rendered(crdManifests, name);
    const client = env.clientFor(name);

    env.clearRequests(name);
    const applied = await client.apply(objects);
    assert.deepEqual(
      (await settledRequests(env, name)).map((request) => request.split('?')[0]),
      [
        'PATCH /apis/apiextensions.k8s.io/v1/customresourcedefinitions/caches.platform.acme.io',
        'GET /apis/platform.acme.io/v1',
        'PATCH /apis/platform.acme.io/v1/namespaces/shop/caches/sessions',
      ],
    );
    assert.equal(client.discoveryRequests, 1);
    const report = await client.waitForReady(applied, { deadlineMs: 5_000, pollIntervalMs: 50 });
    assert.equal(report.state, 'Ready', 'the CRD is Established');

    env.clearRequests(name);
    await client.apply(objects);
    assert.equal((await settledRequests(env, name)).length, objects.length, 'discovery is cached per client');
    assert.equal(client.discoveryRequests, 1);
  });
});
