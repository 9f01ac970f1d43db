import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { DeploymentEventEntity, ServiceBindingEntity } from '@fleetplane/persistence';
import { Sandbox } from '@fleetplane/sandbox';
import { backends } from '../support/database';
import { RunningControlPlane, bearer, startControlPlane } from '../support/control-plane';
import { DeploymentBody, registerFleet, startFastSandbox, waitForDeployment } from '../support/fleet';
import { RunningMoto, startMoto } from '../support/moto';
import { AWS_KEYS, createAuroraPostgres, createPostgres, switchOver } from './aws-seed';

const kubectl = promisify(execFile);
const CLUSTERS = [
  { name: 'ep-use1a', labels: { cloud: 'aws', region: 'us-east-1' } },
  { name: 'ep-use1b', labels: { cloud: 'aws', region: 'us-east-1' } },
  { name: 'ep-euw1', labels: { cloud: 'aws', region: 'eu-west-1' } },
];
const LEDGER_ARN = 'arn:aws:rds:us-east-1:123456789012:cluster:ledger';
const MANIFESTS = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, labels: { tier: web } }
spec:
  replicas: 1
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: ghcr.io/acme/web:1.0.0 }] }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: worker, labels: { tier: batch } }
spec:
  replicas: 1
  selector: { matchLabels: { app: worker } }
  template:
    metadata: { labels: { app: worker } }
    spec: { containers: [{ name: worker, image: ghcr.io/acme/worker:1.0.0 }] }
`;
/** Wave one is ep-use1a alone, then an approval: a deployment holds there, active, until the test approves it. */
const GATED = {
  type: 'Waves',
  waves: [{ name: 'first', select: { clusters: ['ep-use1a'] }, after: { type: 'approval' } }],
};

interface Status {
  binding: string;
  cluster: string;
  desired: { revision: number } | null;
  applied: { revision: number } | null;
  conditions: Array<{ type: string; status: string; reason: string }>;
}

for (const backend of backends()) {
  describe(`an instance's endpoint change rolls itself out (${backend} database)`, { timeout: 300_000 }, () => {
    let plane: RunningControlPlane;
    let moto: RunningMoto;
    let sandbox: Sandbox;
    let dir: string;
    let admin: Record<string, string>;
    let oldHost: string;
    const kube = async <T>(cluster: string, ...args: string[]): Promise<T> =>
      JSON.parse(
        (
          await kubectl('kubectl', ['--kubeconfig', join(dir, `${cluster}.kubeconfig`), ...args, '-o', 'json'], {
            timeout: 20_000,
          })
        ).stdout,
      ) as T;
    const generation = async (cluster: string, name: string) =>
      (await kube<{ metadata: { generation: number } }>(cluster, 'get', 'deployment', name, '-n', 'shop')).metadata
        .generation;
    const hostOn = async (cluster: string) =>
      Buffer.from(
        (await kube<{ data: Record<string, string> }>(cluster, 'get', 'secret', 'shop-ledger-db-binding', '-n', 'shop'))
          .data.host,
        'base64',
      ).toString('utf8');
    const refresh = () => plane.http.patch('/v1/service-instances/ledger').set(admin).send({});
    const ledgerBinding = () =>
      plane.dataSource
        .getRepository(ServiceBindingEntity)
        .findOneByOrFail({ name: 'ledger-db', scopeKey: 'region:us-east-1' });
    const waitForGate = async (id: string): Promise<DeploymentBody> => {
      for (;;) {
        const body = await waitForDeployment(plane, id, ['Progressing', 'Succeeded', 'Failed', 'Halted']);
        if (body.state !== 'Progressing' || body.reason.startsWith('waiting for approval')) return body;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    };
    const approveAndFinish = async (id: string): Promise<DeploymentBody> => {
      const gated = await waitForGate(id);
      assert.equal(gated.state, 'Progressing', JSON.stringify(gated));
      await plane.http.post(`/v1/deployments/${id}/approve`).set(admin).expect(200);
      return waitForDeployment(plane, id, ['Succeeded', 'Failed', 'Halted', 'PartiallyFailed']);
    };

    before(async () => {
      moto = await startMoto();
      await createAuroraPostgres(moto.endpoint, 'us-east-1', 'ledger');
      await createAuroraPostgres(moto.endpoint, 'us-east-1', 'ledger-green');
      await createPostgres(moto.endpoint, 'eu-west-1', 'ledger-euw1');
      dir = await mkdtemp(join(tmpdir(), 'fleetplane-bindings-endpoint-'));
      sandbox = await startFastSandbox(dir, CLUSTERS);
      plane = await startControlPlane(backend, {
        FLEETPLANE_RATE_LIMIT_PER_MINUTE: '100000',
        FLEETPLANE_AWS_SERVICES_ENDPOINT: moto.endpoint,
      });
      admin = bearer(plane.adminToken);
      await registerFleet(plane, sandbox, dir);
      await plane.http.post('/v1/applications').set(admin).send({ name: 'shop', defaultNamespace: 'shop' }).expect(201);
      await plane.http
        .post('/v1/applications/shop/releases')
        .set(admin)
        .send({ version: '1.0.0', manifests: MANIFESTS })
        .expect(201);
      for (const [name, nativeId, region] of [
        ['ledger', LEDGER_ARN, 'us-east-1'],
        ['ledger-euw1', 'arn:aws:rds:eu-west-1:123456789012:db:ledger-euw1', 'eu-west-1'],
      ]) {
        await plane.http
          .post('/v1/service-instances')
          .set(admin)
          .send({ nativeId, name, credential: AWS_KEYS })
          .expect(201);
        await plane.http
          .put('/v1/applications/shop/bindings/ledger-db')
          .set(admin)
          .send({
            class: 'postgresql',
            scope: { level: 'region', region },
            instance: name,
            credential: {
              type: 'stored',
              fields: { username: 'ledger_app', password: 'ledger-Pw1', database: 'ledger' },
            },
            workloads: { type: 'labels', selector: { matchLabels: { tier: 'web' } } },
          })
          .expect(200);
      }
      const ledger = await plane.http.get('/v1/service-instances/ledger').set(admin).expect(200);
      oldHost = ledger.body.endpoint.host;
    });

    after(async () => {
      await plane?.close();
      await sandbox?.stop();
      await moto?.stop();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('refuses a refresh that moves the endpoint while a bound application deploys, changing nothing', async () => {
      const first = await plane.http
        .post('/v1/deployments')
        .set(admin)
        .send({
          application: 'shop',
          release: '1.0.0',
          placement: { clusters: CLUSTERS.map((cluster) => cluster.name) },
          strategy: GATED,
        })
        .expect(201);
      await waitForGate(first.body.id);
      await switchOver(moto.endpoint, 'us-east-1', 'ledger', 'ledger-green');
      const revision = (await ledgerBinding()).revision;

      const refused = await refresh();
      assert.equal(refused.status, 409, refused.text);
      assert.match(refused.headers['content-type'], /application\/problem\+json/);
      assert.match(refused.body.detail, new RegExp(`Deployment ${first.body.id} of shop is still active`));
      assert.equal(refused.body.errors[0].field, 'path.name');
      const unchanged = await plane.http.get('/v1/service-instances/ledger').set(admin).expect(200);
      assert.equal(unchanged.body.endpoint.host, oldHost);
      assert.equal((await ledgerBinding()).revision, revision);

      const done = await approveAndFinish(first.body.id);
      assert.equal(done.state, 'Succeeded', JSON.stringify(done.targets));
      for (const cluster of ['ep-use1a', 'ep-use1b']) assert.equal(await hostOn(cluster), oldHost);
    });

    describe('once the application is idle', () => {
      const before: Record<string, number> = {};
      let newHost: string;
      let rolloutId: string;

      it('answers the refresh with one deployment on exactly the clusters that resolve a binding to the instance', async () => {
        for (const cluster of CLUSTERS.map((entry) => entry.name))
          for (const name of ['web', 'worker']) before[`${cluster}/${name}`] = await generation(cluster, name);
        const revision = (await ledgerBinding()).revision;

        const refreshed = await refresh();
        assert.equal(refreshed.status, 200, refreshed.text);
        newHost = refreshed.body.endpoint.host;
        assert.notEqual(newHost, oldHost, 'the switchover gave the ARN another cluster, with its own endpoint');
        assert.equal((await ledgerBinding()).revision, revision + 1);
        assert.equal(refreshed.body.rollouts.length, 1, JSON.stringify(refreshed.body.rollouts));
        const [rollout] = refreshed.body.rollouts;
        assert.equal(rollout.application, 'shop');
        assert.equal(rollout.cause, `endpoint-changed: ledger-db@rev ${revision + 1}`);
        assert.equal(rollout.deployments.length, 1, JSON.stringify(rollout));
        assert.deepEqual(rollout.deployments[0].clusters, ['ep-use1a', 'ep-use1b']);
        assert.equal(rollout.deployments[0].release, '1.0.0');
        assert.deepEqual(rollout.notRolled, []);
        rolloutId = rollout.deployments[0].id;

        const deployment = await plane.http.get(`/v1/deployments/${rolloutId}`).set(admin).expect(200);
        assert.equal(deployment.body.cause, rollout.cause);
        const events = await plane.dataSource
          .getRepository(DeploymentEventEntity)
          .findBy({ deploymentId: rolloutId, subject: 'deployment', state: 'Pending' });
        assert.match(events[0].message, /^endpoint-changed: ledger-db@rev \d+; 2 clusters/);
      });

      it('puts the new host in the consuming clusters’ binding Secret and rolls only the consuming workload', async () => {
        const done = await approveAndFinish(rolloutId);
        assert.equal(done.state, 'Succeeded', JSON.stringify(done.targets));
        for (const cluster of ['ep-use1a', 'ep-use1b']) {
          assert.equal(await hostOn(cluster), newHost);
          assert.ok((await generation(cluster, 'web')) > before[`${cluster}/web`], `${cluster}: web rolled`);
          assert.equal(await generation(cluster, 'worker'), before[`${cluster}/worker`], `${cluster}: worker did not`);
        }
        assert.notEqual(await hostOn('ep-euw1'), newHost);
        for (const name of ['web', 'worker'])
          assert.equal(await generation('ep-euw1', name), before[`ep-euw1/${name}`], `ep-euw1/${name} untouched`);
      });

      it('shows the binding Applied at the new revision on every cluster', async () => {
        const response = await plane.http.get('/v1/applications/shop/binding-status?binding=ledger-db').set(admin);
        assert.equal(response.status, 200, response.text);
        const rows = response.body.items as Status[];
        const revision = (await ledgerBinding()).revision;
        for (const cluster of CLUSTERS.map((entry) => entry.name)) {
          const row = rows.find((entry) => entry.cluster === cluster);
          assert.equal(row?.conditions[0].reason, 'Applied', JSON.stringify(row));
          assert.equal(row?.applied?.revision, row?.desired?.revision);
        }
        assert.equal(rows.find((entry) => entry.cluster === 'ep-use1b')?.applied?.revision, revision);
      });

      it('starts nothing when a refresh finds the endpoint where it was', async () => {
        const again = await refresh();
        assert.equal(again.status, 200, again.text);
        assert.equal(again.body.endpoint.host, newHost);
        assert.deepEqual(again.body.rollouts, []);
      });
    });
  });
}
