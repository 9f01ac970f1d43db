import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { Sandbox } from '@fleetplane/sandbox';
import { backends } from '../support/database';
import { RunningControlPlane, bearer, startControlPlane } from '../support/control-plane';
import { registerFleet, startFastSandbox, waitForDeployment } from '../support/fleet';
import { storefrontManifests } from './storefront';

const kubectl = promisify(execFile);

for (const backend of backends()) {
  describe(`fan-out (${backend} database)`, { timeout: 240_000 }, () => {
    let plane: RunningControlPlane;
    let sandbox: Sandbox;
    let dir: string;
    let admin: Record<string, string>;
    const get = (cluster: string, ...args: string[]) =>
      kubectl('kubectl', ['--kubeconfig', join(dir, `${cluster}.kubeconfig`), ...args], { timeout: 20_000 });
    const storefrontImage = async (cluster: string) =>
      (
        await get(
          cluster,
          'get',
          'deployment',
          'storefront',
          '-n',
          'shop',
          '-o',
          'jsonpath={.spec.template.spec.containers[0].image}',
        )
      ).stdout;
    /** Publishes a storefront release whose Deployment runs `image`. */
    const publish = (version: string, image: string, extra?: string) =>
      plane.http
        .post('/v1/applications/storefront/releases')
        .set(admin)
        .send({ version, manifests: storefrontManifests(image, extra) })
        .expect(201);
    const exists = (kind: string, name: string) =>
      get('fleet-aws', 'get', kind, name, '-n', 'shop', '-o', 'name').then(
        () => true,
        (error: { stderr?: string }) => {
          assert.match(error.stderr ?? '', /NotFound/);
          return false;
        },
      );

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'fleetplane-fanout-'));
      sandbox = await startFastSandbox(dir);
      plane = await startControlPlane(backend, { FLEETPLANE_RATE_LIMIT_PER_MINUTE: '100000' });
      admin = bearer(plane.adminToken);
      await registerFleet(plane, sandbox, dir);
      await plane.http
        .post('/v1/applications')
        .set(admin)
        .send({ name: 'storefront', defaultNamespace: 'shop' })
        .expect(201);
    });
    after(async () => {
      await plane?.close();
      await sandbox?.stop();
      await rm(dir, { recursive: true, force: true });
    });

    describe('releases', () => {
      it('stores a valid release once, and refuses the same version with other content', async () => {
        const created = await plane.http
          .post('/v1/applications/storefront/releases')
          .set(admin)
          .send({ version: '1.0.0', manifests: storefrontManifests() })
          .expect(201);
        assert.equal(created.body.objectCount, 5);
        assert.match(created.body.contentHash, /^sha256:/);
        await plane.http
          .post('/v1/applications/storefront/releases')
          .set(admin)
          .send({ version: '1.0.0', manifests: storefrontManifests() })
          .expect(200);
        const conflict = await plane.http
          .post('/v1/applications/storefront/releases')
          .set(admin)
          .send({ version: '1.0.0', manifests: storefrontManifests('ghcr.io/acme/storefront:9') })
          .expect(409);
        assert.match(conflict.headers['content-type'], /problem\+json/);
      });

      it('refuses broken manifests with the document index, field path and line, storing nothing', async () => {
        const broken = storefrontManifests()
          .replace('image: ghcr.io/acme/storefront:1.0.0', 'imag: oops')
          .replace('name: storefront-config', 'name: Bad_Name');
        const response = await plane.http
          .post('/v1/applications/storefront/releases')
          .set(admin)
          .send({ version: '1.0.1', manifests: broken })
          .expect(422);
        const fields = response.body.errors.map((e: { field: string }) => e.field);
        assert.ok(fields.includes('manifests[0].metadata.name'), fields.join(','));
        assert.ok(
          fields.some((f: string) => f.startsWith('manifests[1].spec.template.spec.containers[0]')),
          fields.join(','),
        );
        assert.ok(response.body.errors.every((e: { message: string }) => /\(line \d+/.test(e.message)));
        await plane.http.get('/v1/applications/storefront/releases/1.0.1').set(admin).expect(404);
        const yaml = await plane.http
          .post('/v1/applications/storefront/releases')
          .set(admin)
          .send({ version: '1.0.2', manifests: 'kind: [unclosed' })
          .expect(422);
        assert.equal(yaml.body.errors[0].field, 'manifests[0]');
      });
    });

    describe('placement', () => {
      it('refuses a placement that selects nothing, naming the constraint that emptied it', async () => {
        const response = await plane.http
          .post('/v1/deployments')
          .set(admin)
          .send({ application: 'storefront', release: '1.0.0', placement: { clouds: ['oracle'] } })
          .expect(422);
        assert.equal(response.body.type, 'urn:fleetplane:problem:placement-empty');
        assert.match(response.body.detail, /cloud/);
        assert.equal((await plane.http.get('/v1/deployments').set(admin)).body.items.length, 0);
      });

      it('refuses an application or release that does not exist as a wrong field, in a deployment and a preview', async () => {
        const cases = [
          { body: { application: 'no-such-app', release: '1.0.0' }, field: 'application' },
          { body: { application: 'storefront', release: '9.9.9' }, field: 'release' },
        ];
        for (const { body, field } of cases) {
          for (const path of ['/v1/deployments', '/v1/deployments/render']) {
            const response = await plane.http
              .post(path)
              .set(admin)
              .send({ ...body, placement: {}, ...(path.endsWith('render') ? { cluster: 'fleet-aws' } : {}) })
              .expect(422);
            assert.deepEqual(
              response.body.errors.map((error: { field: string }) => error.field),
              [field],
              `${path} names ${field}`,
            );
          }
        }
        assert.equal((await plane.http.get('/v1/deployments').set(admin)).body.items.length, 0);
      });

      it('refuses an override that does not apply, before anything is applied', async () => {
        const response = await plane.http
          .post('/v1/deployments')
          .set(admin)
          .send({
            application: 'storefront',
            release: '1.0.0',
            placement: {},
            overrides: [
              {
                scope: { level: 'cloud', cloud: 'aws' },
                target: { kind: 'Deployment', name: 'no-such-thing' },
                patch: { type: 'json', operations: [{ op: 'replace', path: '/spec/replicas', value: 3 }] },
              },
            ],
          })
          .expect(422);
        assert.equal(response.body.errors[0].field, 'overrides[0].target');
      });

      it('previews what one cluster receives, with per-cloud overrides and registry rewrites', async () => {
        const response = await plane.http
          .post('/v1/deployments/render')
          .set(admin)
          .send({
            application: 'storefront',
            release: '1.0.0',
            cluster: 'fleet-aws',
            placement: {},
            overrides: [
              {
                scope: { level: 'cloud', cloud: 'aws' },
                target: { kind: 'ConfigMap', name: 'storefront-config' },
                patch: { type: 'merge', patch: { data: { LOG_LEVEL: 'debug' } } },
              },
            ],
            imageRewrites: [
              { cloud: 'aws', from: 'ghcr.io/acme/*', to: '123456789012.dkr.ecr.us-east-1.amazonaws.com/acme/*' },
            ],
          });
        assert.equal(response.status, 200, JSON.stringify(response.body));
        const byKind = Object.fromEntries(response.body.objects.map((o: { kind: string }) => [o.kind, o]));
        assert.equal(byKind.ConfigMap.data.LOG_LEVEL, 'debug');
        assert.equal(
          byKind.Deployment.spec.template.spec.containers[0].image,
          '123456789012.dkr.ecr.us-east-1.amazonaws.com/acme/storefront:1.0.0',
        );
        assert.equal(byKind.Deployment.metadata.namespace, 'shop');
      });

      it('previews a release’s own Secret with its keys and without its values', async () => {
        const value = 'preview-must-not-show-4Tz8';
        const secret = {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 'api-key' },
          stringData: { token: value },
        };
        await plane.http
          .post('/v1/applications/storefront/releases')
          .set(admin)
          .send({ version: '1.0.0-secret', manifests: [secret] })
          .expect(201);
        const response = await plane.http
          .post('/v1/deployments/render')
          .set(admin)
          .send({ application: 'storefront', release: '1.0.0-secret', cluster: 'fleet-aws', placement: {} })
          .expect(200);
        assert.doesNotMatch(response.text, new RegExp(value));
        assert.deepEqual(response.body.objects[0].stringData, { token: '(redacted)' });
      });
    });

    describe('rolling out', () => {
      it('fans a release out to three clouds and confirms each at the revision it applied', async () => {
        const created = await plane.http
          .post('/v1/deployments')
          .set(admin)
          .send({
            application: 'storefront',
            release: '1.0.0',
            placement: { spread: [{ topologyKey: 'cloud', minPerDomain: 1 }] },
          })
          .expect(201);
        const done = await waitForDeployment(plane, created.body.id, ['Succeeded', 'Failed', 'PartiallyFailed']);
        assert.equal(done.state, 'Succeeded', JSON.stringify(done.targets));
        assert.deepEqual(done.targets.map((t) => [t.cluster, t.state]).sort(), [
          ['fleet-aws', 'Ready'],
          ['fleet-azure', 'Ready'],
          ['fleet-gcp', 'Ready'],
        ]);
        for (const cluster of ['fleet-aws', 'fleet-gcp', 'fleet-azure']) {
          const { stdout } = await get(cluster, 'get', 'deployment', 'storefront', '-n', 'shop', '-o', 'json');
          const live = JSON.parse(stdout);
          assert.equal(live.metadata.labels['fleetplane.io/release'], '1.0.0');
          assert.equal(live.status.observedGeneration, live.metadata.generation);
          assert.equal(live.status.readyReplicas, 2);
        }
      });

      it('lists each cluster with its timeline: queued, applying, waiting ready, ready, in order, durations adding up', async () => {
        const listed = await plane.http
          .get('/v1/deployments?application=storefront&state=Succeeded')
          .set(admin)
          .expect(200);
        const [deployment] = listed.body.items;
        assert.equal(deployment.targets.length, 3);
        for (const { cluster, timings } of deployment.targets) {
          const steps = [timings.queuedAt, timings.applyingAt, timings.waitingReadyAt, timings.finishedAt];
          assert.ok(
            steps.every((step) => typeof step === 'string'),
            `${cluster} reached every step: ${JSON.stringify(timings)}`,
          );
          const times = steps.map((step: string) => Date.parse(step));
          assert.deepEqual(
            times,
            [...times].sort((a, b) => a - b),
            `${cluster}'s steps are in order: ${JSON.stringify(timings)}`,
          );
          assert.equal(timings.queueMs, times[1] - times[0]);
          assert.equal(timings.applyMs, times[2] - times[1]);
          assert.equal(timings.waitReadyMs, times[3] - times[2]);
          assert.equal(timings.totalMs, timings.queueMs + timings.applyMs + timings.waitReadyMs);
          assert.equal(timings.queuedAt, deployment.createdAt);
          assert.ok(times[3] <= Date.parse(deployment.finishedAt), 'every cluster settled before the deployment ended');
        }
      });

      it('halts a wave whose canary never becomes ready, and rolls the canary back', async () => {
        await publish('2.0.0-bad', 'ghcr.io/acme/storefront:2.0.0-crashloop');
        const created = await plane.http
          .post('/v1/deployments')
          .set(admin)
          .send({
            application: 'storefront',
            release: '2.0.0-bad',
            placement: {},
            strategy: {
              type: 'Waves',
              waves: [{ name: 'canary', select: { clusters: ['fleet-gcp'] } }],
              rollbackOnHalt: true,
            },
          })
          .expect(201);
        const done = await waitForDeployment(plane, created.body.id, [
          'RolledBack',
          'Failed',
          'Succeeded',
          'PartiallyFailed',
        ]);
        assert.equal(done.state, 'RolledBack', JSON.stringify(done, null, 2));
        const canary = done.targets.find((t) => t.cluster === 'fleet-gcp')!;
        assert.equal(canary.state, 'RolledBack');
        assert.match(canary.lastError, /ProgressDeadlineExceeded|CrashLoopBackOff/);
        for (const other of done.targets.filter((t) => t.cluster !== 'fleet-gcp')) assert.equal(other.state, 'Skipped');
        assert.equal(await storefrontImage('fleet-gcp'), 'ghcr.io/acme/storefront:1.0.0');
      });

      it('keeps rolling the healthy clusters out when one is down, and reports the dead one with its error', async () => {
        await publish('1.1.0', 'ghcr.io/acme/storefront:1.1.0');
        await sandbox.fault('fleet-azure', { outage: true });
        try {
          const started = Date.now();
          const created = await plane.http
            .post('/v1/deployments')
            .set(admin)
            .send({
              application: 'storefront',
              release: '1.1.0',
              placement: {},
              strategy: { type: 'AllAtOnce', maxConcurrency: 3, failureThreshold: { maxFailures: 1 } },
            })
            .expect(201);
          const done = await waitForDeployment(plane, created.body.id, [
            'Succeeded',
            'PartiallyFailed',
            'Failed',
            'RolledBack',
          ]);
          assert.equal(done.state, 'PartiallyFailed', JSON.stringify(done.targets));
          const byCluster = Object.fromEntries(done.targets.map((t) => [t.cluster, t]));
          assert.equal(byCluster['fleet-aws'].state, 'Ready');
          assert.equal(byCluster['fleet-gcp'].state, 'Ready');
          assert.equal(byCluster['fleet-azure'].state, 'Failed');
          assert.match(byCluster['fleet-azure'].lastError, /Unreachable/);
          assert.ok(Date.now() - started < 30_000);
        } finally {
          await sandbox.clearFaults('fleet-azure');
        }
      });
    });

    describe('pruning', () => {
      const extras = `---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: storefront-batch
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: storefront-legacy
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: storefront-handover
`;
      const deployTo = async (release: string) => {
        const created = await plane.http
          .post('/v1/deployments')
          .set(admin)
          .send({ application: 'storefront', release, placement: { clusters: ['fleet-aws'] } })
          .expect(201);
        const done = await waitForDeployment(plane, created.body.id, ['Succeeded', 'Failed', 'PartiallyFailed']);
        assert.equal(done.state, 'Succeeded', JSON.stringify(done.targets));
      };

      it('deletes what the next release no longer has, of any kind, without listing the cluster', async () => {
        for (const [version, extra] of [
          ['1.2.0', extras],
          ['1.3.0', ''],
        ])
          await publish(version, `ghcr.io/acme/storefront:${version}`, extra);
        await deployTo('1.2.0');
        assert.equal(await exists('serviceaccount', 'storefront-batch'), true);
        // Someone else takes this one over: it is no longer the application's to delete.
        await get(
          'fleet-aws',
          'label',
          'configmap',
          'storefront-handover',
          '-n',
          'shop',
          'fleetplane.io/application=billing',
          '--overwrite',
        );
        sandbox.clearRequestLog('fleet-aws');

        await deployTo('1.3.0');
        assert.equal(await exists('serviceaccount', 'storefront-batch'), false);
        assert.equal(await exists('configmap', 'storefront-legacy'), false);
        assert.equal(await exists('configmap', 'storefront-handover'), true);
        assert.equal(await exists('deployment', 'storefront'), true);
        const lists = sandbox
          .requestLog('fleet-aws')
          .filter((entry) => entry.method === 'GET' && entry.path.includes('labelSelector'));
        assert.deepEqual(lists, [], 'prune reads the inventory, not the cluster');
        // Its new owner removes it, so rolling back to 1.2.0 below re-creates it rather than meeting billing's object.
        await get('fleet-aws', 'delete', 'configmap', 'storefront-handover', '-n', 'shop');
      });
    });

    describe('one rollout at a time, and rollback', () => {
      it('refuses a second active deployment of the application on a cluster, naming the one in the way', async () => {
        const first = await plane.http
          .post('/v1/deployments')
          .set(admin)
          .send({
            application: 'storefront',
            release: '1.3.0',
            placement: {},
            strategy: {
              type: 'Waves',
              waves: [{ name: 'first', select: { clusters: ['fleet-aws'] }, after: { type: 'approval' } }],
            },
          })
          .expect(201);
        await waitForDeployment(plane, first.body.id, ['Progressing']);
        const refused = await plane.http
          .post('/v1/deployments')
          .set(admin)
          .send({ application: 'storefront', release: '1.2.0', placement: { clouds: ['aws', 'gcp'] } })
          .expect(409);
        assert.deepEqual(refused.body.errors, [
          { field: 'placement', message: `selects fleet-aws, which deployment ${first.body.id} is still rolling out` },
          { field: 'placement', message: `selects fleet-gcp, which deployment ${first.body.id} is still rolling out` },
        ]);
        await plane.http.post(`/v1/deployments/${first.body.id}/cancel`).set(admin).expect(200);
        await waitForDeployment(plane, first.body.id, ['Cancelled']);
      });

      it('rolls back to the release the clusters ran before, and forward again to a named one', async () => {
        const list = await plane.http
          .get('/v1/deployments?application=storefront&state=Succeeded')
          .set(admin)
          .expect(200);
        assert.ok(list.body.items.length >= 2);
        for (const listed of list.body.items) {
          const single = await plane.http.get(`/v1/deployments/${listed.id}`).set(admin).expect(200);
          assert.deepEqual(listed, single.body, 'a listed deployment reads as it does alone, targets included');
        }
        const latest = list.body.items.find((d: { release: string }) => d.release === '1.3.0');
        const unknown = await plane.http
          .post(`/v1/deployments/${latest.id}/rollback`)
          .set(admin)
          .send({ release: '9.9.9' })
          .expect(422);
        assert.equal(unknown.body.errors[0].field, 'release');
        const back = await plane.http.post(`/v1/deployments/${latest.id}/rollback`).set(admin).send({}).expect(201);
        assert.equal(back.body.kind, 'rollback');
        assert.equal(back.body.release, '1.2.0');
        const restored = await waitForDeployment(plane, back.body.id, ['Succeeded', 'Failed', 'PartiallyFailed']);
        assert.equal(restored.state, 'Succeeded', JSON.stringify(restored.targets));
        assert.deepEqual(
          restored.targets.map((t) => t.cluster),
          ['fleet-aws'],
          'the same targets',
        );
        assert.equal(await exists('serviceaccount', 'storefront-batch'), true);

        const forward = await plane.http
          .post(`/v1/deployments/${back.body.id}/rollback`)
          .set(admin)
          .send({ release: '1.3.0' })
          .expect(201);
        const done = await waitForDeployment(plane, forward.body.id, ['Succeeded', 'Failed', 'PartiallyFailed']);
        assert.equal(done.state, 'Succeeded', JSON.stringify(done.targets));
        assert.equal(await exists('serviceaccount', 'storefront-batch'), false, 'pruned again from the inventory');
        assert.equal(await storefrontImage('fleet-aws'), 'ghcr.io/acme/storefront:1.3.0');
      });
    });

    describe('clusters that ran different releases', () => {
      it('rolls each cluster back to the release it ran before, and asks which one for a manual rollback', async () => {
        await publish('4.0.0-bad', 'ghcr.io/acme/storefront:4.0.0-crashloop');
        const created = await plane.http
          .post('/v1/deployments')
          .set(admin)
          .send({
            application: 'storefront',
            release: '4.0.0-bad',
            placement: {},
            strategy: { type: 'AllAtOnce', maxConcurrency: 3, rollbackOnHalt: true },
          })
          .expect(201);
        const done = await waitForDeployment(plane, created.body.id, ['RolledBack', 'Failed', 'Succeeded']);
        assert.equal(done.state, 'RolledBack', JSON.stringify(done.targets));
        assert.deepEqual(
          [
            await storefrontImage('fleet-aws'),
            await storefrontImage('fleet-gcp'),
            await storefrontImage('fleet-azure'),
          ],
          ['ghcr.io/acme/storefront:1.3.0', 'ghcr.io/acme/storefront:1.1.0', 'ghcr.io/acme/storefront:1.0.0'],
        );
        const ambiguous = await plane.http
          .post(`/v1/deployments/${created.body.id}/rollback`)
          .set(admin)
          .send({})
          .expect(422);
        assert.deepEqual(ambiguous.body.errors, [
          { field: 'release', message: 'is required when the clusters ran different releases' },
        ]);
        assert.match(ambiguous.body.detail, /1\.0\.0, 1\.1\.0, 1\.3\.0/);
      });
    });

    describe('deregistering a targeted cluster', () => {
      it('is refused while a deployment targets it, and allowed to an admin who forces it', async () => {
        await publish('3.0.0', 'ghcr.io/acme/storefront:3.0.0');
        const created = await plane.http
          .post('/v1/deployments')
          .set(admin)
          .send({
            application: 'storefront',
            release: '3.0.0',
            placement: {},
            strategy: {
              type: 'Waves',
              waves: [{ name: 'first', select: { clusters: ['fleet-aws'] }, after: { type: 'approval' } }],
            },
          })
          .expect(201);
        await waitForDeployment(plane, created.body.id, ['Progressing']);
        const refused = await plane.http.delete('/v1/clusters/fleet-azure').set(admin).expect(409);
        assert.deepEqual(refused.body.errors, [
          { field: 'query.force', message: 'is needed while deployments target the cluster' },
        ]);
        await plane.http.post(`/v1/deployments/${created.body.id}/cancel`).set(admin).expect(200);
        await waitForDeployment(plane, created.body.id, ['Cancelled', 'Succeeded', 'PartiallyFailed']);
      });
    });

    describe('drift', () => {
      it('compares each cluster with what it was last given: a rollout that failed before applying leaves the one before', async () => {
        const report = await plane.http.post('/v1/applications/storefront/drift/check').set(admin).expect(200);
        assert.deepEqual(
          report.body.map((entry: { cluster: string; release: string; inSync: boolean }) => [
            entry.cluster,
            entry.release,
            entry.inSync,
          ]),
          [
            ['fleet-aws', '3.0.0', true],
            ['fleet-azure', '1.0.0', true],
            ['fleet-gcp', '1.1.0', true],
          ],
        );
      });

      it('reports the field someone changed with kubectl, and reconciles it once the application asks for it', async () => {
        await plane.http
          .post('/v1/applications')
          .set(admin)
          .send({ name: 'ledger', defaultNamespace: 'ledger', autoReconcile: false })
          .expect(201);
        await plane.http
          .post('/v1/applications/ledger/releases')
          .set(admin)
          .send({
            version: '1',
            manifests: storefrontManifests('ghcr.io/acme/ledger:1').replace(/storefront/g, 'ledger'),
          })
          .expect(201);
        const created = await plane.http
          .post('/v1/deployments')
          .set(admin)
          .send({ application: 'ledger', release: '1', placement: { clouds: ['aws', 'gcp'] } })
          .expect(201);
        await waitForDeployment(plane, created.body.id, ['Succeeded']);
        await get(
          'fleet-aws',
          'patch',
          'configmap',
          'ledger-config',
          '-n',
          'ledger',
          '--type',
          'merge',
          '-p',
          '{"data":{"LOG_LEVEL":"trace"}}',
        );
        const report = await plane.http.post('/v1/applications/ledger/drift/check').set(admin).expect(200);
        const aws = report.body.find((entry: { cluster: string }) => entry.cluster === 'fleet-aws');
        const gcp = report.body.find((entry: { cluster: string }) => entry.cluster === 'fleet-gcp');
        assert.equal(gcp.inSync, true);
        assert.equal(aws.inSync, false);
        assert.deepEqual(aws.objects[0].fields, [{ path: 'data.LOG_LEVEL', expected: 'info', actual: 'trace' }]);
        assert.equal(aws.reconciled, false);
        const stored = await plane.http.get('/v1/applications/ledger/drift').set(admin).expect(200);
        assert.equal(stored.body.find((entry: { cluster: string }) => entry.cluster === 'fleet-aws').inSync, false);

        const read = await plane.http.get('/v1/applications/ledger').set(admin).expect(200);
        await plane.http
          .patch('/v1/applications/ledger')
          .set(admin)
          .set('If-Match', '"0"')
          .send({ autoReconcile: true })
          .expect(412);
        await plane.http
          .patch('/v1/applications/ledger')
          .set(admin)
          .set('If-Match', read.headers.etag)
          .send({ autoReconcile: true })
          .expect(200);
        const reconciling = await plane.http.post('/v1/applications/ledger/drift/check').set(admin).expect(200);
        assert.equal(
          reconciling.body.find((entry: { cluster: string }) => entry.cluster === 'fleet-aws').reconciled,
          true,
        );
        const { stdout } = await get(
          'fleet-aws',
          'get',
          'configmap',
          'ledger-config',
          '-n',
          'ledger',
          '-o',
          'jsonpath={.data.LOG_LEVEL}',
        );
        assert.equal(stdout, 'info', 'the drifted field is back to what was applied');
        const after = await plane.http.post('/v1/applications/ledger/drift/check').set(admin).expect(200);
        assert.deepEqual(
          after.body.map((entry: { cluster: string; inSync: boolean }) => [entry.cluster, entry.inSync]).sort(),
          [
            ['fleet-aws', true],
            ['fleet-gcp', true],
          ],
        );
      });

      it('refuses an application update that is not a boolean switch, naming the field', async () => {
        const refused = await plane.http
          .patch('/v1/applications/ledger')
          .set(admin)
          .send({ autoReconcile: 'yes', defaultNamespace: 'elsewhere' })
          .expect(400);
        assert.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8');
        const fields = refused.body.errors.map((error: { field: string }) => error.field).sort();
        assert.deepEqual(fields, ['autoReconcile', 'defaultNamespace']);
      });
    });
  });
}
