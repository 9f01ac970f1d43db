import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AuditEventEntity, TeamEntity } from '@fleetplane/persistence';
import { backends } from '../support/database';
import { RunningControlPlane, bearer, startControlPlane } from '../support/control-plane';

for (const backend of backends()) {
  describe(`API conventions (${backend} database)`, () => {
    let plane: RunningControlPlane;
    let admin: Record<string, string>;

    before(async () => {
      plane = await startControlPlane(backend, { FLEETPLANE_BODY_LIMIT_BYTES: '4096' });
      admin = bearer(plane.adminToken);
    });
    after(() => plane.close());

    const auditCount = () => plane.dataSource.getRepository(AuditEventEntity).count();

    describe('errors', () => {
      it('answers problem+json naming every wrong field, and writes nothing', async () => {
        const auditBefore = await auditCount();
        const response = await plane.http
          .post('/v1/teams')
          .set(admin)
          .send({ name: 'Not A Label', description: 7, color: 'red' })
          .expect(400);
        assert.match(response.headers['content-type'], /^application\/problem\+json/);
        assert.equal(response.body.type, 'urn:fleetplane:problem:validation-failed');
        assert.equal(response.body.instance, '/v1/teams');
        assert.equal(response.body.requestId, response.headers['x-request-id']);
        assert.deepEqual([...new Set(response.body.errors.map((e: { field: string }) => e.field))].sort(), [
          'color',
          'description',
          'name',
        ]);
        assert.equal(await plane.dataSource.getRepository(TeamEntity).existsBy({ name: 'Not A Label' }), false);
        assert.equal(await auditCount(), auditBefore);
      });

      it('refuses malformed JSON with 400', async () => {
        const response = await plane.http
          .post('/v1/teams')
          .set(admin)
          .set('Content-Type', 'application/json')
          .send('{"name": "broken"')
          .expect(400);
        assert.equal(response.body.type, 'urn:fleetplane:problem:malformed-body');
        assert.deepEqual(response.body.errors, [{ field: 'body', message: 'must be valid JSON' }]);
      });

      it('refuses a body over the size limit with 413', async () => {
        const response = await plane.http
          .post('/v1/teams')
          .set(admin)
          .send({ name: 'big', description: 'x'.repeat(5000) })
          .expect(413);
        assert.equal(response.body.status, 413);
        assert.match(response.body.detail, /4096 bytes/);
        assert.equal(await plane.dataSource.getRepository(TeamEntity).existsBy({ name: 'big' }), false);
      });

      it('refuses unknown query parameters and out-of-range page sizes', async () => {
        const response = await plane.http.get('/v1/teams?limit=5000&colour=red').set(admin).expect(400);
        assert.deepEqual(response.body.errors.map((e: { field: string }) => e.field).sort(), ['colour', 'limit']);
      });

      it('refuses a malformed path id', async () => {
        const response = await plane.http.get('/v1/tokens/not-a-uuid').set(admin).expect(400);
        assert.deepEqual(response.body.errors, [{ field: 'path.id', message: 'must be a UUID' }]);
      });

      it('answers unknown routes with a problem too', async () => {
        const response = await plane.http.get('/v1/nothing-here').set(admin).expect(404);
        assert.match(response.headers['content-type'], /problem\+json/);
      });
    });

    describe('request ids', () => {
      it('echoes a sane X-Request-Id and records it in the audit log', async () => {
        const response = await plane.http
          .post('/v1/teams')
          .set(admin)
          .set('X-Request-Id', 'req-audit-1')
          .send({ name: 'ids' })
          .expect(201);
        assert.equal(response.headers['x-request-id'], 'req-audit-1');
        const events = await plane.http.get('/v1/audit?requestId=req-audit-1').set(admin).expect(200);
        assert.deepEqual(
          events.body.items.map((e: { action: string }) => e.action),
          ['team.create'],
        );
      });

      it('replaces an unsafe request id with its own', async () => {
        const response = await plane.http.get('/healthz').set('X-Request-Id', 'bad id\twith spaces').expect(200);
        assert.match(response.headers['x-request-id'], /^[0-9a-f-]{36}$/);
      });
    });

    describe('pagination', () => {
      it('walks every item exactly once with cursors', async () => {
        for (let i = 0; i < 7; i++)
          await plane.http
            .post('/v1/teams')
            .set(admin)
            .send({ name: `page-${i}` })
            .expect(201);
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const query: string = cursor ? `limit=3&cursor=${cursor}` : 'limit=3';
          const page = await plane.http.get(`/v1/teams?${query}`).set(admin).expect(200);
          assert.ok(page.body.items.length <= 3);
          seen.push(...page.body.items.map((t: { name: string }) => t.name));
          cursor = page.body.nextCursor;
        } while (cursor);
        const pageTeams = seen.filter((name) => name.startsWith('page-'));
        assert.deepEqual(pageTeams, ['page-6', 'page-5', 'page-4', 'page-3', 'page-2', 'page-1', 'page-0']);
        assert.equal(new Set(seen).size, seen.length);
      });

      it('refuses a cursor it did not issue', async () => {
        const response = await plane.http.get('/v1/teams?cursor=garbage').set(admin).expect(400);
        assert.deepEqual(response.body.errors, [
          { field: 'query.cursor', message: 'is not a cursor this API returned' },
        ]);
      });
    });

    describe('optimistic concurrency', () => {
      it('updates with the current ETag and refuses a stale one with 412, leaving the resource as it was', async () => {
        const created = await plane.http
          .post('/v1/teams')
          .set(admin)
          .send({ name: 'etags', description: 'first' })
          .expect(201);
        const etag = created.headers.etag;
        const updated = await plane.http
          .patch('/v1/teams/etags')
          .set(admin)
          .set('If-Match', etag)
          .send({ description: 'second' })
          .expect(200);
        assert.notEqual(updated.headers.etag, etag);
        const stale = await plane.http
          .patch('/v1/teams/etags')
          .set(admin)
          .set('If-Match', etag)
          .send({ description: 'third' })
          .expect(412);
        assert.equal(stale.body.errors[0].field, 'header.If-Match');
        const current = await plane.http.get('/v1/teams/etags').set(admin).expect(200);
        assert.equal(current.body.description, 'second');
        assert.equal(current.headers.etag, updated.headers.etag);
      });
    });

    describe('idempotency', () => {
      it('replays the first response to a retry with the same key and body', async () => {
        const first = await plane.http
          .post('/v1/teams')
          .set(admin)
          .set('Idempotency-Key', 'k-1')
          .send({ name: 'idem', description: 'd' })
          .expect(201);
        const retry = await plane.http
          .post('/v1/teams')
          .set(admin)
          .set('Idempotency-Key', 'k-1')
          .send({ description: 'd', name: 'idem' })
          .expect(201);
        assert.deepEqual(retry.body, first.body);
        assert.equal(retry.headers['idempotent-replayed'], 'true');
        assert.equal(retry.headers.location, '/v1/teams/idem');
        const creations = await plane.dataSource
          .getRepository(AuditEventEntity)
          .countBy({ action: 'team.create', resourceId: 'idem' });
        assert.equal(creations, 1);
      });

      it('refuses the same key with a different body with 422, writing nothing', async () => {
        await plane.http
          .post('/v1/teams')
          .set(admin)
          .set('Idempotency-Key', 'k-2')
          .send({ name: 'idem-2' })
          .expect(201);
        const auditBefore = await auditCount();
        const reused = await plane.http
          .post('/v1/teams')
          .set(admin)
          .set('Idempotency-Key', 'k-2')
          .send({ name: 'idem-3' })
          .expect(422);
        assert.equal(reused.body.type, 'urn:fleetplane:problem:idempotency-key-reused');
        assert.equal(await plane.dataSource.getRepository(TeamEntity).existsBy({ name: 'idem-3' }), false);
        assert.equal(await auditCount(), auditBefore);
      });

      it('lets a key whose first attempt failed be used again', async () => {
        await plane.http.post('/v1/teams').set(admin).set('Idempotency-Key', 'k-3').send({ name: 'ids' }).expect(409);
        await plane.http.post('/v1/teams').set(admin).set('Idempotency-Key', 'k-3').send({ name: 'ids' }).expect(409);
      });
    });

    describe('operability', () => {
      it('is live and ready with migrations applied', async () => {
        await plane.http.get('/healthz').expect(200, { status: 'ok' });
        await plane.http
          .get('/readyz')
          .expect(200, { status: 'ready', checks: { database: 'ok', migrations: 'applied' } });
      });

      it('exports request latency by route template and database pool gauges', async () => {
        await plane.http.get('/v1/teams/platform').set(admin).expect(200);
        const metrics = await plane.http.get('/metrics').expect(200);
        assert.match(
          metrics.text,
          /fleetplane_http_request_duration_seconds_count\{method="GET",route="\/v1\/teams\/:name",status="200"\} \d+/,
        );
        assert.match(metrics.text, /fleetplane_db_pool_connections\{state="total"\} \d+/);
        assert.match(metrics.text, /fleetplane_db_pool_max [1-9]\d*/);
      });

      it('publishes an OpenAPI 3 document where every operation is either guarded or declared public', async () => {
        const document = (await plane.http.get('/openapi.json').expect(200)).body;
        assert.match(document.openapi, /^3\./);
        type Operation = { security?: unknown[]; 'x-fleetplane-public'?: string };
        for (const [path, operations] of Object.entries<Record<string, Operation>>(document.paths)) {
          for (const [method, operation] of Object.entries(operations)) {
            assert.ok(
              operation.security?.length || operation['x-fleetplane-public'],
              `${method.toUpperCase()} ${path} has no security requirement and is not declared public`,
            );
          }
        }
        assert.match(document.paths['/healthz'].get['x-fleetplane-public'], /liveness/);
        for (const schema of ['TeamView', 'CreateTeamDto', 'TokenView', 'CreatedTokenView', 'AuditEventView']) {
          assert.ok(document.components.schemas[schema], `schema ${schema} is missing`);
        }
        const docs = await plane.http.get('/docs/').expect(200);
        assert.match(docs.text, /swagger-ui/i);
      });
    });
  });
}
