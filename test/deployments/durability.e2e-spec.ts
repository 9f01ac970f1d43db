import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Sandbox, startSandbox } from '@fleetplane/sandbox';
import { Backend, backends, createScratchDatabase } from '../support/database';
import { RunningControlPlane, bearer, startControlPlane } from '../support/control-plane';
import { ControlPlaneProcess, spawnControlPlane } from '../support/process';
import { THREE_CLOUDS, registerFleet, startFastSandbox, waitForDeployment } from '../support/fleet';
import { publishStorefront, storefrontManifests } from './storefront';

/** Server-side applies (PATCH) of the application's namespaced objects, per cluster, from the sandbox's own log. */
function appliesPerCluster(sandbox: Sandbox, namespace: string): Record<string, string[]> {
  return Object.fromEntries(
    sandbox.clusters.map((cluster) => [
      cluster.name,
      sandbox
        .requestLog(cluster.name)
        .filter((entry) => entry.method === 'PATCH' && entry.path.includes(`/namespaces/${namespace}/`))
        .map((entry) => entry.path.split('?')[0])
        .sort(),
    ]),
  );
}

const STOREFRONT_OBJECTS = (namespace: string) =>
  [
    `/api/v1/namespaces/${namespace}/configmaps/storefront-config`,
    `/api/v1/namespaces/${namespace}/services/storefront`,
    `/apis/apps/v1/namespaces/${namespace}/deployments/storefront`,
    `/apis/autoscaling/v2/namespaces/${namespace}/horizontalpodautoscalers/storefront`,
    `/apis/networking.k8s.io/v1/namespaces/${namespace}/ingresses/storefront`,
  ].sort();

for (const backend of backends()) {
  describe(`a rollout survives a control-plane crash (${backend} database)`, { timeout: 240_000 }, () => {
    let sandbox: Sandbox;
    let dir: string;
    let database: { url: string; drop: () => Promise<void> } | undefined;
    let plane: ControlPlaneProcess | undefined;
    const token = `fp_${'C'.repeat(43)}`;
    const env = (): Record<string, string> => ({
      FLEETPLANE_DATA_DIR: join(dir, 'data'),
      FLEETPLANE_BOOTSTRAP_TOKEN: token,
      FLEETPLANE_HEALTH_INTERVAL_MS: '500',
      FLEETPLANE_HEALTH_JITTER_MS: '0',
      ...(database ? { DATABASE_URL: database.url } : {}),
    });
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${plane!.url}${path}`, {
        ...init,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...init.headers },
      });

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'fleetplane-crash-'));
      // Slow pods: each cluster takes about two seconds to become ready, so the crash lands mid-rollout.
      sandbox = await startSandbox({
        clusters: THREE_CLOUDS,
        kubeconfigDir: dir,
        adminPort: false,
        timeline: { podStartMs: 1000, podReadyMs: 1000 },
      });
      database = backend === 'postgres' ? await createScratchDatabase() : undefined;
    });
    after(async () => {
      await plane?.stop('SIGKILL');
      await sandbox?.stop();
      await database?.drop();
      await rm(dir, { recursive: true, force: true });
    });

    it('resumes from the database after kill -9, applying each object exactly once per cluster', async () => {
      plane = await spawnControlPlane(env());
      for (const cluster of sandbox.clusters) {
        const response = await api('/v1/clusters', {
          method: 'POST',
          body: JSON.stringify({
            name: cluster.name,
            labels: cluster.labels,
            ref: { provider: 'sandbox', name: cluster.name, labels: cluster.labels },
            credential: { type: 'kubeconfig', kubeconfig: await readFile(cluster.kubeconfigPath, 'utf8') },
          }),
        });
        assert.equal(response.status, 201);
      }
      await api('/v1/applications', {
        method: 'POST',
        body: JSON.stringify({ name: 'storefront', defaultNamespace: 'shop' }),
      });
      await api('/v1/applications/storefront/releases', {
        method: 'POST',
        body: JSON.stringify({ version: '1', manifests: storefrontManifests() }),
      });
      await until(
        async () =>
          ((await (await api('/v1/clusters?health=Healthy')).json()) as { items: unknown[] }).items.length === 3,
      );
      const created = (await (
        await api('/v1/deployments', {
          method: 'POST',
          body: JSON.stringify({
            application: 'storefront',
            release: '1',
            placement: {},
            strategy: { type: 'AllAtOnce', maxConcurrency: 1 },
          }),
        })
      ).json()) as { id: string };

      await until(async () => {
        const view = (await (await api(`/v1/deployments/${created.id}`)).json()) as { summary: Record<string, number> };
        return (view.summary.Ready ?? 0) >= 1;
      });
      assert.equal(await plane.stop('SIGKILL'), null, 'the control plane was killed, not stopped');

      plane = await spawnControlPlane(env());
      await until(
        async () =>
          ((await (await api(`/v1/deployments/${created.id}`)).json()) as { state: string }).state === 'Succeeded',
        90_000,
      );
      const applies = appliesPerCluster(sandbox, 'shop');
      for (const cluster of sandbox.clusters)
        assert.deepEqual(applies[cluster.name], STOREFRONT_OBJECTS('shop'), cluster.name);
    });
  });
}

if (backends().includes('postgres')) {
  describe('two control-plane replicas on one PostgreSQL', { timeout: 180_000 }, () => {
    let first: RunningControlPlane;
    let second: RunningControlPlane;
    let sandbox: Sandbox;
    let dir: string;

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'fleetplane-replicas-'));
      sandbox = await startFastSandbox(dir);
      // Replicas share the database and the encryption key, as a real deployment's replicas do.
      const key = randomBytes(32).toString('base64');
      first = await startControlPlane('postgres' as Backend, {
        FLEETPLANE_RATE_LIMIT_PER_MINUTE: '100000',
        FLEETPLANE_ENCRYPTION_KEY: key,
      });
      second = await startControlPlane('postgres' as Backend, {
        DATABASE_URL: first.databaseUrl!,
        FLEETPLANE_BOOTSTRAP_TOKEN: first.adminToken,
        FLEETPLANE_ENCRYPTION_KEY: key,
      });
      await registerFleet(first, sandbox, dir);
    });
    after(async () => {
      await second?.close();
      await first?.close();
      await sandbox?.stop();
      await rm(dir, { recursive: true, force: true });
    });

    it('never drive the same rollout twice: every object is applied once per cluster', async () => {
      const admin = bearer(first.adminToken);
      await publishStorefront(first, admin, { namespace: 'twin', version: '1' });
      const created = await second.http
        .post('/v1/deployments')
        .set(admin)
        .send({ application: 'storefront', release: '1', placement: {} })
        .expect(201);
      const done = await waitForDeployment(first, created.body.id, ['Succeeded', 'Failed', 'PartiallyFailed']);
      assert.equal(done.state, 'Succeeded', JSON.stringify(done.targets));
      const applies = appliesPerCluster(sandbox, 'twin');
      for (const cluster of sandbox.clusters)
        assert.deepEqual(applies[cluster.name], STOREFRONT_OBJECTS('twin'), cluster.name);
      const events = await first.dataSource.query(
        `SELECT subject, count(*)::int AS n FROM deployment_events WHERE deployment_id = $1 AND state = 'Ready' GROUP BY subject`,
        [created.body.id],
      );
      assert.deepEqual(
        events.map((e: { n: number }) => e.n),
        [1, 1, 1],
      );
    });
  });
}

async function until(condition: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
