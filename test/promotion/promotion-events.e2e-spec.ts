import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Sandbox } from '@fleetplane/sandbox';
import { EventStreamParser, ServerSentEvent } from '../../apps/cli/src/event-stream';
import { backends } from '../support/database';
import { RunningControlPlane, bearer, startControlPlane, tokenFor } from '../support/control-plane';
import { waitForDeployment } from '../support/fleet';
import { registerPromotionFleet, releaseToDev, startPromotionSandbox, waitForPromotion } from './promotion-support';

const FINAL = ['Succeeded', 'Failed', 'Rejected', 'Expired', 'Cancelled'];

interface Received {
  events: ServerSentEvent[];
  comments: number;
  ended: boolean;
}

interface TimelineEntry {
  id: string;
  kind: string;
  promotionId: string | null;
  from: string | null;
  applications: Array<{ application: string; release: string | null }>;
  state: string | null;
  actor: string;
  message: string;
  gateResults: Array<{ gate: string; status: string }> | null;
}

for (const backend of backends()) {
  describe(`promotion events and environment timelines (${backend} database)`, { timeout: 300_000 }, () => {
    let plane: RunningControlPlane;
    let sandbox: Sandbox;
    let dir: string;
    let requester: Record<string, string>;
    let approver: Record<string, string>;
    let viewer: Record<string, string>;

    const promote = async (body: object) => {
      const created = await plane.http.post('/v1/promotions').set(requester).send(body);
      assert.equal(created.status, 201, created.text);
      return created.body as { id: string; requestedBy: string };
    };

    /** Reads a promotion's stream for up to `ms`, to its end, or until `enoughComments` keep-alives came. */
    async function read(id: string, ms: number, lastEventId?: string, enoughComments = Infinity): Promise<Received> {
      const enough = new AbortController();
      const response = await fetch(`${plane.url}/v1/promotions/${id}/events`, {
        headers: { ...viewer, ...(lastEventId ? { 'Last-Event-ID': lastEventId } : {}) },
        signal: AbortSignal.any([AbortSignal.timeout(ms), enough.signal]),
      });
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
      const parser = new EventStreamParser();
      const received: Received = { events: [], comments: 0, ended: false };
      const decoder = new TextDecoder();
      try {
        for await (const chunk of response.body!) {
          received.comments += (decoder.decode(chunk, { stream: true }).match(/^: ?keep-alive$/gm) ?? []).length;
          received.events.push(...parser.push(chunk));
          if (received.comments >= enoughComments) enough.abort();
        }
        received.ended = true;
      } catch (error) {
        if (!['TimeoutError', 'AbortError'].includes((error as Error).name)) throw error;
      }
      return received;
    }

    const steps = (received: Received) =>
      received.events.map((event) => [event.type, (JSON.parse(event.data) as { state: string | null }).state]);

    const timeline = async (environment: string, query: Record<string, string | number> = {}) => {
      const response = await plane.http.get(`/v1/environments/${environment}/timeline`).query(query).set(viewer);
      assert.equal(response.status, 200, response.text);
      return response.body as { items: TimelineEntry[]; nextCursor: string | null };
    };

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'fleetplane-promotion-events-'));
      sandbox = await startPromotionSandbox(dir);
      plane = await startControlPlane(backend, {
        FLEETPLANE_RATE_LIMIT_PER_MINUTE: '100000',
        FLEETPLANE_EVENTS_KEEPALIVE_MS: '200',
      });
      await registerPromotionFleet(plane, dir);
      requester = bearer(await tokenFor(plane, 'payments', 'operator'));
      approver = bearer(await tokenFor(plane, 'payments', 'operator'));
      viewer = bearer(await tokenFor(plane, 'payments', 'viewer'));
      for (const name of ['dev', 'staging', 'prod'])
        await plane.http.post('/v1/environments').set(requester).send({ name }).expect(201);
      await releaseToDev(plane, requester, 'shop', ['1.0.0', '1.1.0'], '1.0.0');
      await plane.http
        .put('/v1/pipelines/shop')
        .set(requester)
        .send({
          stages: [
            { environment: 'dev' },
            { environment: 'staging', upstreams: ['dev'] },
            { environment: 'prod', upstreams: ['staging'], gates: { approvals: { required: 1 } } },
          ],
        })
        .expect(200);
    });

    after(async () => {
      await plane?.close();
      await sandbox?.stop();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('streams every step of a promotion with its id, and ends once the promotion is final', async () => {
      const created = await promote({ application: 'shop', from: 'dev', to: 'staging' });
      const received = await read(created.id, 60_000);
      assert.equal(received.ended, true);
      assert.deepEqual(steps(received), [
        ['requested', 'Pending'],
        ['moved', 'CheckingGates'],
        ['moved', 'Deploying'],
        ['moved', 'Succeeded'],
      ]);
      const ids = received.events.map((event) => Number(event.id));
      assert.deepEqual(
        ids,
        [...ids].sort((a, b) => a - b),
        'ids only grow',
      );
      const requested = JSON.parse(received.events[0].data);
      assert.equal(requested.actor, created.requestedBy);
      assert.match(requested.message, /dev -> staging: shop 1\.0\.0/);
      const deploying = JSON.parse(received.events[2].data);
      assert.ok(Array.isArray(deploying.gateResults), 'the move to Deploying carries the gate results it passed');
    });

    it('keeps a stream waiting for approval alive, then resumes after Last-Event-ID with the approval and the outcome', async () => {
      const created = await promote({ application: 'shop', from: 'staging', to: 'prod' });
      await waitForPromotion(plane, created.id, ['AwaitingApproval', ...FINAL]);
      // Two comments at a 200 ms interval; the deadline only bounds a broken stream on a loaded machine.
      const waiting = await read(created.id, 20_000, undefined, 2);
      assert.equal(waiting.ended, false, 'a promotion waiting for a person is not over');
      assert.ok(waiting.comments >= 2, `${waiting.comments} keep-alive comments before the deadline`);
      assert.deepEqual(steps(waiting).at(-1), ['moved', 'AwaitingApproval']);
      const lastSeen = waiting.events.at(-1)!.id;

      await plane.http
        .post(`/v1/promotions/${created.id}/approve`)
        .set(approver)
        .send({ comment: 'staging looks good' })
        .expect(200);
      const resumed = await read(created.id, 60_000, lastSeen);
      assert.equal(resumed.ended, true);
      assert.ok(
        resumed.events.every((event) => BigInt(event.id) > BigInt(lastSeen)),
        'nothing seen is sent again',
      );
      assert.deepEqual(steps(resumed), [
        ['approved', 'AwaitingApproval'],
        ['moved', 'Deploying'],
        ['moved', 'Succeeded'],
      ]);
      const done = await waitForPromotion(plane, created.id, FINAL);
      const approved = JSON.parse(resumed.events[0].data);
      assert.equal(approved.actor, done.approvals[0].approver);
      assert.equal(approved.message, 'staging looks good');
    });

    it('answers an unknown, hidden or malformed promotion id with a problem, before any event', async () => {
      const unknown = await plane.http
        .get('/v1/promotions/00000000-0000-4000-8000-000000000000/events')
        .set(viewer)
        .expect(404);
      assert.match(unknown.headers['content-type'], /^application\/problem\+json/);
      const [promotion] = (await plane.http.get('/v1/promotions').set(viewer).expect(200)).body.items;
      const outsider = bearer(await tokenFor(plane, 'outsiders', 'viewer'));
      const hidden = await plane.http.get(`/v1/promotions/${promotion.id}/events`).set(outsider).expect(404);
      assert.equal(hidden.body.detail, `Promotion ${promotion.id} does not exist.`);
      const malformed = await plane.http.get('/v1/promotions/not-an-id/events').set(viewer).expect(400);
      assert.equal(malformed.body.errors[0].field, 'path.id');
    });

    it('tells what was promoted into prod, from where, approved by whom, with the gate results it passed', async () => {
      const { items } = await timeline('prod', { application: 'shop' });
      assert.deepEqual(
        items.map((entry) => [entry.kind, entry.state]),
        [
          ['moved', 'Succeeded'],
          ['moved', 'Deploying'],
          ['approved', 'AwaitingApproval'],
          ['moved', 'AwaitingApproval'],
          ['moved', 'CheckingGates'],
          ['requested', 'Pending'],
        ],
      );
      for (const entry of items) {
        assert.equal(entry.from, 'staging');
        assert.deepEqual(entry.applications, [{ application: 'shop', release: '1.0.0' }]);
      }
      const deploying = items[1];
      assert.equal(deploying.actor, 'system');
      assert.deepEqual(
        deploying.gateResults!.find((result) => result.gate === 'approvals')?.status,
        'passed',
        'the gate results the move was decided on',
      );
      assert.notEqual(items[2].actor, items[5].actor, 'approved by someone other than the requester');
    });

    it('records a manual rollback’s pin and its unpin in the timeline, pages through it without gaps', async () => {
      const deployed = await plane.http
        .post('/v1/deployments')
        .set(requester)
        .send({ application: 'shop', release: '1.1.0', placement: { environments: ['dev'] } })
        .expect(201);
      await waitForDeployment(plane, deployed.body.id, ['Succeeded']);
      const created = await promote({ application: 'shop', from: 'dev', to: 'staging' });
      const promoted = await waitForPromotion(plane, created.id, FINAL);
      assert.equal(promoted.state, 'Succeeded', JSON.stringify(promoted));
      const rollback = await plane.http
        .post(`/v1/deployments/${promoted.items[0].deploymentId}/rollback`)
        .set(requester)
        .send({});
      assert.equal(rollback.status, 201, rollback.text);
      await waitForDeployment(plane, rollback.body.id, ['Succeeded']);
      await plane.http.post('/v1/environments/staging/releases/shop/unpin').set(approver).expect(204);

      const { items } = await timeline('staging', { application: 'shop' });
      assert.deepEqual(
        items.slice(0, 3).map((entry) => [entry.kind, entry.applications]),
        [
          ['unpinned', [{ application: 'shop', release: null }]],
          ['pinned', [{ application: 'shop', release: '1.0.0' }]],
          ['moved', [{ application: 'shop', release: '1.1.0' }]],
        ],
      );
      assert.match(items[1].message, /manual rollback of deployment .* to 1\.0\.0/);
      assert.equal(items[1].actor, created.requestedBy, 'pinned by who rolled back');
      assert.equal(items.filter((entry) => entry.kind === 'requested').length, 2, 'both promotions into staging');

      const paged: TimelineEntry[] = [];
      let cursor: string | null = null;
      do {
        const page = await timeline('staging', { application: 'shop', limit: 3, ...(cursor ? { cursor } : {}) });
        assert.ok(page.items.length <= 3);
        paged.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      assert.deepEqual(
        paged.map((entry) => entry.id),
        items.map((entry) => entry.id),
      );
    });

    it('refuses an unknown environment or application, and a malformed one, naming it', async () => {
      const environment = await plane.http.get('/v1/environments/qa/timeline').set(viewer);
      assert.equal(environment.status, 404, environment.text);
      const application = await plane.http
        .get('/v1/environments/prod/timeline')
        .query({ application: 'ghost' })
        .set(viewer);
      assert.equal(application.status, 404, application.text);
      const malformed = await plane.http
        .get('/v1/environments/prod/timeline')
        .query({ application: 'Not An App', limit: 0 })
        .set(viewer);
      assert.equal(malformed.status, 400, malformed.text);
      assert.deepEqual(malformed.body.errors.map((error: { field: string }) => error.field).sort(), [
        'application',
        'limit',
      ]);
    });
  });
}
