import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AuditEventEntity, EnvironmentEntity, PipelineEntity } from '@fleetplane/persistence';
import { backends } from '../support/database';
import { RunningControlPlane, bearer, startControlPlane, tokenFor } from '../support/control-plane';

const fieldsOf = (body: { errors?: Array<{ field: string }> }) => (body.errors ?? []).map((error) => error.field);

for (const backend of backends()) {
  describe(`environments and pipelines over the API (${backend} database)`, { timeout: 120_000 }, () => {
    let plane: RunningControlPlane;
    let operator: Record<string, string>;
    let viewer: Record<string, string>;
    let stranger: Record<string, string>;

    const createEnvironment = (body: object, as = operator) => plane.http.post('/v1/environments').set(as).send(body);
    const setPipeline = (stages: object[], as = operator) =>
      plane.http.put('/v1/pipelines/shop').set(as).send({ stages });
    const count = (entity: typeof EnvironmentEntity | typeof PipelineEntity) =>
      plane.dataSource.getRepository(entity).count();

    before(async () => {
      plane = await startControlPlane(backend, { FLEETPLANE_RATE_LIMIT_PER_MINUTE: '100000' });
      operator = bearer(await tokenFor(plane, 'payments', 'operator'));
      viewer = bearer(await tokenFor(plane, 'payments', 'viewer'));
      stranger = bearer(await tokenFor(plane, 'ops', 'admin'));
      await plane.http
        .post('/v1/applications')
        .set(operator)
        .send({ name: 'shop', defaultNamespace: 'shop' })
        .expect(201);
    });

    after(() => plane?.close());

    it('creates an environment with its placement, default strategy and bindings environment, and audits it', async () => {
      const created = await createEnvironment({
        name: 'prod',
        placement: { clouds: ['gcp', 'azure'] },
        freezeWindows: [
          { name: 'weekend', kind: 'recurring', cron: '0 18 * * 5', timeZone: 'Europe/Paris', durationMinutes: 3780 },
        ],
      });
      assert.equal(created.status, 201, created.text);
      assert.equal(created.headers.location, '/v1/environments/prod');
      assert.equal(created.body.team, 'payments');
      assert.equal(created.body.bindingsEnvironment, 'prod');
      assert.deepEqual(created.body.strategy, { type: 'AllAtOnce', maxConcurrency: 16 });
      assert.equal(created.body.freezeWindows[0].effect, 'deny');
      const audit = await plane.dataSource
        .getRepository(AuditEventEntity)
        .findOneByOrFail({ action: 'environment.create', resourceId: 'payments/prod' });
      assert.equal(audit.team, 'payments');
      for (const name of ['dev', 'staging']) assert.equal((await createEnvironment({ name })).status, 201);
    });

    it('refuses bad environments with 4xx naming the field, writing nothing', async () => {
      const before = await count(EnvironmentEntity);
      const cases: Array<[object, number, string]> = [
        [{ name: 'qa', placement: { maxClusters: 0 } }, 422, 'placement.maxClusters'],
        [{ name: 'qa', placement: { environments: ['prod'] } }, 422, 'placement.environments'],
        [{ name: 'qa', strategy: { type: 'Sideways' } }, 422, 'strategy.type'],
        [
          {
            name: 'qa',
            freezeWindows: [{ kind: 'recurring', cron: 'not a cron', timeZone: 'UTC', durationMinutes: 5 }],
          },
          422,
          'freezeWindows[0].cron',
        ],
        [
          {
            name: 'qa',
            freezeWindows: [{ kind: 'recurring', cron: '0 1 * * *', timeZone: 'Mars/Olympus', durationMinutes: 5 }],
          },
          422,
          'freezeWindows[0].timeZone',
        ],
        [
          { name: 'qa', freezeWindows: [{ kind: 'one-off', from: '2026-12-24T00:00:00Z' }] },
          422,
          'freezeWindows[0].until',
        ],
        [{ name: 'qa', freezeWindows: [{ kind: 'weekly' }] }, 400, 'freezeWindows[0].kind'],
        [{ name: 'Not A Label' }, 400, 'name'],
        [{ name: 'prod' }, 409, 'name'],
      ];
      for (const [body, status, field] of cases) {
        const refused = await createEnvironment(body);
        assert.equal(refused.status, status, `${JSON.stringify(body)}: ${refused.text}`);
        assert.match(refused.headers['content-type'], /application\/problem\+json/);
        assert.ok(fieldsOf(refused.body).includes(field), `${field} in ${refused.text}`);
      }
      assert.equal((await createEnvironment({ name: 'qa' }, viewer)).status, 403);
      assert.equal(await count(EnvironmentEntity), before);
    });

    it("keeps each team's environments to itself", async () => {
      assert.equal((await plane.http.get('/v1/environments/prod').set(stranger)).status, 404);
      const listed = await plane.http.get('/v1/environments').set(viewer).expect(200);
      assert.deepEqual(listed.body.items.map((item: { name: string }) => item.name).sort(), ['dev', 'prod', 'staging']);
    });

    it('updates an environment under If-Match', async () => {
      const read = await plane.http.get('/v1/environments/staging').set(viewer).expect(200);
      const updated = await plane.http
        .patch('/v1/environments/staging')
        .set({ ...operator, 'If-Match': read.headers.etag })
        .send({ placement: { clouds: ['gcp'] }, bindingsEnvironment: 'stage' });
      assert.equal(updated.status, 200, updated.text);
      assert.equal(updated.body.bindingsEnvironment, 'stage');
      const stale = await plane.http
        .patch('/v1/environments/staging')
        .set({ ...operator, 'If-Match': read.headers.etag })
        .send({ placement: {} });
      assert.equal(stale.status, 412);
    });

    it('refuses a pipeline with a cycle, a repeated stage or an unknown environment, naming the field', async () => {
      const cases: Array<[object[], string]> = [
        [
          [
            { environment: 'dev', upstreams: ['prod'] },
            { environment: 'staging', upstreams: ['dev'] },
            { environment: 'prod', upstreams: ['staging'] },
          ],
          'stages[0].upstreams',
        ],
        [[{ environment: 'dev' }, { environment: 'dev' }], 'stages[1].environment'],
        [[{ environment: 'dev' }, { environment: 'qa', upstreams: ['dev'] }], 'stages[1].environment'],
        [[{ environment: 'dev' }, { environment: 'staging', upstreams: ['nowhere'] }], 'stages[1].upstreams[0]'],
        [
          [
            { environment: 'dev' },
            {
              environment: 'prod',
              upstreams: ['dev'],
              gates: { verification: [{ kind: 'http', name: 'up', url: 'http://x/', bodyMatches: '(' }] },
            },
          ],
          'stages[1].gates.verification[0].bodyMatches',
        ],
      ];
      for (const [stages, field] of cases) {
        const refused = await setPipeline(stages);
        assert.equal(refused.status, 422, refused.text);
        assert.ok(fieldsOf(refused.body).includes(field), `${field} in ${refused.text}`);
      }
      const malformed = await setPipeline([{ environment: 'dev', gates: { approvals: { required: 0 } } }]);
      assert.equal(malformed.status, 400);
      assert.ok(fieldsOf(malformed.body).includes('stages[0].gates.approvals.required'), malformed.text);
      assert.equal(await count(PipelineEntity), 0);
    });

    it('sets a pipeline with its gates and defaults, and refuses removing an environment it uses', async () => {
      const set = await setPipeline([
        { environment: 'dev' },
        { environment: 'staging', upstreams: ['dev'], autoPromote: true, gates: { soakSeconds: 60 } },
        {
          environment: 'prod',
          upstreams: ['staging'],
          gates: {
            approvals: { required: 2 },
            verification: [{ kind: 'http', name: 'health', url: 'http://shop.example/healthz' }],
            rollbackOnFailure: true,
          },
        },
      ]);
      assert.equal(set.status, 200, set.text);
      assert.deepEqual(set.body.stages[2].gates, {
        approvals: { required: 2, minimumRole: 'operator', ttlSeconds: 86400 },
        verification: [
          {
            kind: 'http',
            name: 'health',
            url: 'http://shop.example/healthz',
            expectStatus: 200,
            retries: 2,
            intervalSeconds: 2,
            timeoutSeconds: 10,
          },
        ],
        rollbackOnFailure: true,
      });
      assert.equal(set.body.stages[1].upstreamPolicy, 'any');
      const read = await plane.http.get('/v1/pipelines/shop').set(viewer).expect(200);
      assert.equal(read.body.stages.length, 3);
      const inUse = await plane.http.delete('/v1/environments/prod').set(operator);
      assert.equal(inUse.status, 409, inUse.text);
      assert.match(inUse.body.detail, /pipeline of shop/);
    });
  });
}
