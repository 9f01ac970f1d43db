import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import {
  AuditEventEntity,
  DeploymentEventEntity,
  EncryptedSecretEntity,
  ServiceBindingEntity,
} from '@fleetplane/persistence';
import { Sandbox } from '@fleetplane/sandbox';
import { backends } from '../support/database';
import { RunningControlPlane, bearer, startControlPlane } from '../support/control-plane';
import { DeploymentBody, registerFleet, startFastSandbox, waitForDeployment } from '../support/fleet';
import { RunningMoto, startMoto } from '../support/moto';
import { AWS_KEYS, createPostgres } from './aws-seed';

const kubectl = promisify(execFile);
const FIRST_PASSWORD = 'rotation-first-Pw7!';
const SECOND_PASSWORD = 'rotation-second-Qz9$';
const CLUSTERS = [
  { name: 'rot-use1a', labels: { cloud: 'aws', region: 'us-east-1' } },
  { name: 'rot-use1b', labels: { cloud: 'aws', region: 'us-east-1' } },
  { name: 'rot-euw1', labels: { cloud: 'aws', region: 'eu-west-1' } },
];
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
/** Wave one is rot-use1a alone, then an approval: a rollout holds there, active, until the test approves it. */
const GATED = {
  type: 'Waves',
  waves: [{ name: 'first', select: { clusters: ['rot-use1a'] }, after: { type: 'approval' } }],
};

interface LiveWorkload {
  metadata: { generation: number };
  spec: { template: { metadata: { annotations?: Record<string, string> } } };
}
interface Status {
  binding: string;
  cluster: string;
  desired: { revision: number; credentialVersion: string } | null;
  applied: { revision: number; credentialVersion: string } | null;
  conditions: Array<{ type: string; status: string; reason: string; message: string; lastTransitionTime: string }>;
}

for (const backend of backends()) {
  describe(`a binding change rolls itself out (${backend} database)`, { timeout: 300_000 }, () => {
    let plane: RunningControlPlane;
    let moto: RunningMoto;
    let sandbox: Sandbox;
    let dir: string;
    let admin: Record<string, string>;
    const responses: string[] = [];
    const kube = async <T>(cluster: string, ...args: string[]): Promise<T> =>
      JSON.parse(
        (
          await kubectl('kubectl', ['--kubeconfig', join(dir, `${cluster}.kubeconfig`), ...args, '-o', 'json'], {
            timeout: 20_000,
          })
        ).stdout,
      ) as T;
    const workload = (cluster: string, name: string) =>
      kube<LiveWorkload>(cluster, 'get', 'deployment', name, '-n', 'shop');
    const passwordOn = async (cluster: string) =>
      Buffer.from(
        (await kube<{ data: Record<string, string> }>(cluster, 'get', 'secret', 'shop-orders-db-binding', '-n', 'shop'))
          .data.password,
        'base64',
      ).toString('utf8');
    const recorded = <T extends { body: unknown }>(response: T): T => {
      responses.push(JSON.stringify(response.body));
      return response;
    };
    const putOrdersDb = (region: string, instance: string, password: string) =>
      plane.http
        .put('/v1/applications/shop/bindings/orders-db')
        .set(admin)
        .send({
          class: 'postgresql',
          scope: { level: 'region', region },
          instance,
          credential: { type: 'stored', fields: { username: 'orders_app', password, database: 'orders' } },
          workloads: { type: 'labels', selector: { matchLabels: { tier: 'web' } } },
        })
        .then(recorded);
    const status = async (query = ''): Promise<Status[]> => {
      const response = recorded(await plane.http.get(`/v1/applications/shop/binding-status${query}`).set(admin));
      assert.equal(response.status, 200, response.text);
      return response.body.items as Status[];
    };
    const ready = (rows: Status[], cluster: string, binding = 'orders-db') => {
      const row = rows.find((entry) => entry.cluster === cluster && entry.binding === binding);
      assert.ok(row, `no status for ${binding} on ${cluster}: ${JSON.stringify(rows)}`);
      return row.conditions.find((condition) => condition.type === 'Ready');
    };
    /** Waits until the gated first wave is done and the deployment waits for its approval. */
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
    const bindingRow = (region: string) =>
      plane.dataSource
        .getRepository(ServiceBindingEntity)
        .findOneByOrFail({ name: 'orders-db', scopeKey: `region:${region}` });

    before(async () => {
      moto = await startMoto();
      await createPostgres(moto.endpoint, 'us-east-1', 'orders-use1');
      await createPostgres(moto.endpoint, 'eu-west-1', 'orders-euw1');
      dir = await mkdtemp(join(tmpdir(), 'fleetplane-bindings-rotation-'));
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
      for (const [name, region] of [
        ['orders-use1', 'us-east-1'],
        ['orders-euw1', 'eu-west-1'],
      ]) {
        await plane.http
          .post('/v1/service-instances')
          .set(admin)
          .send({ nativeId: `arn:aws:rds:${region}:123456789012:db:${name}`, credential: AWS_KEYS })
          .expect(201);
        const bound = await putOrdersDb(region, name, FIRST_PASSWORD);
        assert.equal(bound.status, 200, bound.text);
        assert.deepEqual(bound.body.rollout.deployments, [], 'nothing runs the application yet');
      }
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
      const done = await approveAndFinish(first.body.id);
      assert.equal(done.state, 'Succeeded', JSON.stringify(done.targets));
    });

    after(async () => {
      await plane?.close();
      await sandbox?.stop();
      await moto?.stop();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('shows every binding Applied where the rollout applied the revision resolution gives', async () => {
      const rows = await status();
      assert.deepEqual(rows.map((row) => row.cluster).sort(), ['rot-euw1', 'rot-use1a', 'rot-use1b']);
      for (const row of rows) {
        assert.equal(row.applied?.revision, row.desired?.revision, JSON.stringify(row));
        assert.equal(row.applied?.credentialVersion, '1');
        const condition = row.conditions[0];
        assert.equal(condition.type, 'Ready');
        assert.equal(condition.status, 'True', JSON.stringify(row));
        assert.equal(condition.reason, 'Applied');
        assert.ok(Date.parse(condition.lastTransitionTime) > 0);
      }
    });

    describe('a credential rotation in us-east-1', () => {
      let rotationId: string;
      let previousSecretId: string;
      const before: Record<string, number> = {};

      it('starts one deployment of the running release on exactly the clusters that resolve the binding', async () => {
        for (const cluster of ['rot-use1a', 'rot-use1b', 'rot-euw1'])
          for (const name of ['web', 'worker'])
            before[`${cluster}/${name}`] = (await workload(cluster, name)).metadata.generation;
        const stored = (await bindingRow('us-east-1')).credential;
        assert.equal(stored.type, 'stored');
        previousSecretId = stored.type === 'stored' ? stored.secretId : '';

        const rotated = await putOrdersDb('us-east-1', 'orders-use1', SECOND_PASSWORD);
        assert.equal(rotated.status, 200, rotated.text);
        assert.equal(rotated.body.credential.version, '2');
        assert.equal(rotated.body.credential.retiringVersion, '1');
        const { rollout } = rotated.body;
        assert.equal(rollout.cause, `binding-rotation: orders-db@rev ${rotated.body.revision} (credential-rotated)`);
        assert.equal(rollout.deployments.length, 1, JSON.stringify(rollout));
        assert.deepEqual(rollout.deployments[0].clusters, ['rot-use1a', 'rot-use1b']);
        assert.equal(rollout.deployments[0].release, '1.0.0');
        assert.equal(rollout.deployments[0].link, `/v1/deployments/${rollout.deployments[0].id}`);
        assert.deepEqual(rollout.notRolled, []);
        rotationId = rollout.deployments[0].id;

        const deployment = await plane.http.get(`/v1/deployments/${rotationId}`).set(admin).expect(200);
        assert.equal(deployment.body.cause, rollout.cause);
        assert.deepEqual(deployment.body.spec.strategy, GATED, 'the strategy of the deployment that put 1.0.0 there');
        const events = await plane.dataSource
          .getRepository(DeploymentEventEntity)
          .findBy({ deploymentId: rotationId, subject: 'deployment', state: 'Pending' });
        assert.match(events[0].message, /^binding-rotation: orders-db@rev \d+ \(credential-rotated\); 2 clusters/);
      });

      it('keeps the previous credential, shows the rollout in progress and refuses another change meanwhile', async () => {
        await waitForGate(rotationId);
        assert.ok(
          await plane.dataSource.getRepository(EncryptedSecretEntity).existsBy({ id: previousSecretId }),
          'the replaced version is still stored while its rotation rolls out',
        );
        const rows = await status();
        assert.equal(ready(rows, 'rot-use1b')?.reason, 'RolloutInProgress');
        assert.equal(ready(rows, 'rot-use1b')?.status, 'Unknown');
        assert.equal(ready(rows, 'rot-euw1')?.reason, 'Applied', 'another region is not part of it');

        const refused = await putOrdersDb('us-east-1', 'orders-use1', `${SECOND_PASSWORD}-again`);
        assert.equal(refused.status, 409, refused.text);
        assert.match(refused.body.detail, new RegExp(`Deployment ${rotationId} of shop is still active`));
      });

      it('rolls only the consuming workload, then retires the previous credential once the rollout finished', async () => {
        const done = await approveAndFinish(rotationId);
        assert.equal(done.state, 'Succeeded', JSON.stringify(done.targets));
        for (const cluster of ['rot-use1a', 'rot-use1b']) {
          assert.equal(await passwordOn(cluster), SECOND_PASSWORD);
          const web = await workload(cluster, 'web');
          assert.ok(web.metadata.generation > before[`${cluster}/web`], `${cluster}: the web pod template changed`);
          const worker = await workload(cluster, 'worker');
          assert.equal(worker.metadata.generation, before[`${cluster}/worker`], `${cluster}: the worker did not roll`);
          assert.equal(worker.spec.template.metadata.annotations?.['fleetplane.io/binding-revisions'], undefined);
        }
        assert.equal(await passwordOn('rot-euw1'), FIRST_PASSWORD);
        for (const name of ['web', 'worker'])
          assert.equal((await workload('rot-euw1', name)).metadata.generation, before[`rot-euw1/${name}`]);

        // Retirement follows the deployment's end through a background sweep: wait for it, bounded.
        const deadline = Date.now() + 30_000;
        const retiring = async () => {
          const credential = (await bindingRow('us-east-1')).credential;
          return credential.type === 'stored' && credential.previous !== undefined;
        };
        while (await retiring()) {
          assert.ok(Date.now() < deadline, 'the previous credential was not retired');
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
        assert.equal(
          await plane.dataSource.getRepository(EncryptedSecretEntity).existsBy({ id: previousSecretId }),
          false,
        );
        const retired = await plane.dataSource
          .getRepository(AuditEventEntity)
          .findBy({ action: 'binding.credential-retired', resourceId: 'shop/orders-db' });
        assert.equal(retired.length, 1);
        assert.deepEqual(
          [retired[0].after?.retiredVersion, retired[0].after?.currentVersion, retired[0].after?.deployments],
          [1, 2, [rotationId]],
        );
        const got = await plane.http.get('/v1/applications/shop/bindings/orders-db').set(admin).expect(200);
        assert.ok(got.body.items.every((item: { credential: object }) => !('retiringVersion' in item.credential)));

        const rows = await status('?binding=orders-db');
        for (const cluster of ['rot-use1a', 'rot-use1b', 'rot-euw1']) {
          assert.equal(ready(rows, cluster)?.reason, 'Applied', JSON.stringify(rows));
          assert.equal(ready(rows, cluster)?.status, 'True');
        }
        const use1 = rows.find((row) => row.cluster === 'rot-use1a');
        assert.equal(use1?.applied?.credentialVersion, '2');
      });
    });

    it('rolls a change the last waves do not fit with the default strategy, and shows an expired credential', async () => {
      const expiresAt = '2020-01-01T00:00:00.000Z';
      const changed = await plane.http
        .put('/v1/applications/shop/bindings/orders-db')
        .set(admin)
        .send({
          class: 'postgresql',
          scope: { level: 'region', region: 'eu-west-1' },
          instance: 'orders-euw1',
          credential: {
            type: 'stored',
            fields: { username: 'orders_app', password: FIRST_PASSWORD, database: 'orders' },
            expiresAt,
          },
          workloads: { type: 'labels', selector: { matchLabels: { tier: 'web' } } },
        })
        .then(recorded);
      assert.equal(changed.status, 200, changed.text);
      const [started] = changed.body.rollout.deployments;
      assert.deepEqual(started?.clusters, ['rot-euw1'], JSON.stringify(changed.body.rollout));
      const done = await waitForDeployment(plane, started.id, ['Succeeded', 'Failed', 'Halted']);
      assert.equal(done.state, 'Succeeded', JSON.stringify(done.targets));
      const deployment = await plane.http.get(`/v1/deployments/${started.id}`).set(admin).expect(200);
      assert.equal(deployment.body.spec.strategy.type, 'AllAtOnce', 'wave "first" selects rot-use1a, not rot-euw1');

      const rows = await status('?cluster=rot-euw1&binding=orders-db');
      const condition = ready(rows, 'rot-euw1');
      assert.deepEqual([condition?.status, condition?.reason], ['False', 'CredentialExpired']);
      assert.equal(condition?.lastTransitionTime, expiresAt);
    });

    it('shows a binding no instance satisfies on a deployed cluster as not Ready, with its reason', async () => {
      const added = await plane.http
        .put('/v1/applications/shop/bindings/audit-db')
        .set(admin)
        .send({
          class: 'postgresql',
          scope: { level: 'region', region: 'us-east-1' },
          instance: 'orders-use1',
          credential: { type: 'stored', fields: { username: 'audit', password: FIRST_PASSWORD } },
          workloads: { type: 'names', names: [{ kind: 'Deployment', name: 'worker' }] },
        })
        .then(recorded);
      assert.equal(added.status, 200, added.text);
      assert.deepEqual(added.body.rollout.notRolled, [
        {
          cluster: 'rot-euw1',
          outcome: 'unsatisfied',
          reason: added.body.rollout.notRolled[0]?.reason,
        },
      ]);
      assert.match(added.body.rollout.notRolled[0].reason, /^binding audit-db: /);
      assert.deepEqual(added.body.rollout.deployments[0].clusters, ['rot-use1a', 'rot-use1b']);
      const done = await approveAndFinish(added.body.rollout.deployments[0].id);
      assert.equal(done.state, 'Succeeded', JSON.stringify(done.targets));

      const rows = await status('?binding=audit-db&cluster=rot-euw1');
      assert.equal(rows.length, 1);
      assert.equal(rows[0].desired, null);
      assert.equal(ready(rows, 'rot-euw1', 'audit-db')?.status, 'False');
      assert.equal(ready(rows, 'rot-euw1', 'audit-db')?.reason, 'Unsatisfied');
      const use1 = await status('?binding=audit-db&cluster=rot-use1a');
      assert.equal(ready(use1, 'rot-use1a', 'audit-db')?.reason, 'Applied');
    });

    it('answers status filters that name nothing with 404 and 422, naming the field', async () => {
      const unknownBinding = await plane.http.get('/v1/applications/shop/binding-status?binding=nope').set(admin);
      assert.equal(unknownBinding.status, 404, unknownBinding.text);
      const unknownCluster = await plane.http.get('/v1/applications/shop/binding-status?cluster=nowhere').set(admin);
      assert.equal(unknownCluster.status, 422, unknownCluster.text);
      assert.equal(unknownCluster.body.errors[0].field, 'query.cluster');
      const malformed = await plane.http.get('/v1/applications/shop/binding-status?cluster=Not_A_Name').set(admin);
      assert.equal(malformed.status, 400, malformed.text);
      assert.equal(malformed.body.errors[0].field, 'cluster');
    });

    it('keeps the credential values out of every response, event and audit entry', async () => {
      const events = await plane.dataSource.getRepository(DeploymentEventEntity).find();
      const audit = await plane.dataSource.getRepository(AuditEventEntity).find();
      const stored = [...events, ...audit].map((row) => JSON.stringify(row));
      for (const text of [...responses, ...stored])
        for (const password of [FIRST_PASSWORD, SECOND_PASSWORD]) assert.equal(text.includes(password), false);
    });
  });
}
