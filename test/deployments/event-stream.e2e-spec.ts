import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Sandbox } from '@fleetplane/sandbox';
import { EventStreamParser, ServerSentEvent } from '../../apps/cli/src/event-stream';
import { RunningControlPlane, bearer, startControlPlane, tokenFor } from '../support/control-plane';
import { registerFleet, startFastSandbox, waitForDeployment } from '../support/fleet';
import { publishStorefront } from './storefront';

interface Received {
  events: ServerSentEvent[];
  comments: number;
  ended: boolean;
}

describe('a deployment event stream', { timeout: 120_000 }, () => {
  let plane: RunningControlPlane;
  let sandbox: Sandbox;
  let dir: string;
  let id: string;

  /**
   * Reads the raw stream for up to `ms` (or to its end, or until `enoughComments` keep-alives came), as
   * any SSE client would see it.
   */
  async function read(ms: number, lastEventId?: string, enoughComments = Infinity): Promise<Received> {
    const enough = new AbortController();
    const response = await fetch(`${plane.url}/v1/deployments/${id}/events`, {
      headers: { ...bearer(plane.adminToken), ...(lastEventId ? { 'Last-Event-ID': lastEventId } : {}) },
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

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fleetplane-events-'));
    sandbox = await startFastSandbox(dir);
    plane = await startControlPlane('embedded', { FLEETPLANE_EVENTS_KEEPALIVE_MS: '200' });
    await registerFleet(plane, sandbox, dir);
    const admin = bearer(plane.adminToken);
    await publishStorefront(plane, admin, { application: 'shop', namespace: 'shop', version: '1' });
    const created = await plane.http
      .post('/v1/deployments')
      .set(admin)
      .send({
        application: 'shop',
        release: '1',
        placement: {},
        strategy: {
          type: 'Waves',
          waves: [{ name: 'canary', select: { clusters: ['fleet-aws'] }, after: { type: 'approval' } }],
        },
      })
      .expect(201);
    id = created.body.id;
    await waitForDeployment(plane, id, ['Progressing']);
  });
  after(async () => {
    await plane?.close();
    await sandbox?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps a stream waiting for an approval alive with comments, carrying each event with its id', async () => {
    // Two comments at a 200 ms interval; the deadline only bounds a broken stream on a loaded machine.
    const waiting = await read(20_000, undefined, 2);
    assert.equal(waiting.ended, false, 'a deployment waiting for a person is not over');
    assert.ok(waiting.comments >= 2, `${waiting.comments} keep-alive comments before the deadline`);
    const canary = waiting.events.filter((event) => event.type === 'target').map((event) => JSON.parse(event.data));
    assert.deepEqual(
      canary.map((event) => [event.subject, event.state]),
      [
        ['fleet-aws', 'Applying'],
        ['fleet-aws', 'WaitingReady'],
        ['fleet-aws', 'Ready'],
      ],
    );
    const ids = waiting.events.map((event) => Number(event.id));
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => a - b),
      'ids only grow',
    );
  });

  it('answers an unknown or malformed deployment id with a problem, before any event', async () => {
    const unknown = await plane.http
      .get('/v1/deployments/00000000-0000-4000-8000-000000000000/events')
      .set(bearer(plane.adminToken))
      .expect(404);
    assert.match(unknown.headers['content-type'], /^application\/problem\+json/);
    const malformed = await plane.http
      .get('/v1/deployments/not-an-id/events')
      .set(bearer(plane.adminToken))
      .expect(400);
    assert.deepEqual(malformed.body.errors, [{ field: 'path.id', message: 'must be a UUID' }]);
  });

  it('answers another team with the same 404 as for a deployment that does not exist', async () => {
    const outsider = await tokenFor(plane, 'outsiders', 'viewer');
    const hidden = await plane.http.get(`/v1/deployments/${id}/events`).set(bearer(outsider)).expect(404);
    assert.match(hidden.headers['content-type'], /^application\/problem\+json/);
    assert.equal(hidden.body.detail, `Deployment ${id} does not exist.`);
  });

  it('resumes after Last-Event-ID, and ends once the deployment is final', async () => {
    const before = await read(600);
    const resumeAfter = before.events[1].id;
    await plane.http.post(`/v1/deployments/${id}/approve`).set(bearer(plane.adminToken)).expect(200);
    const resumed = await read(30_000, resumeAfter);
    assert.equal(resumed.ended, true);
    assert.deepEqual(
      resumed.events.slice(0, before.events.length - 2).map((event) => event.id),
      before.events.slice(2).map((event) => event.id),
      'nothing seen before is sent again, nothing after is skipped',
    );
    const last = JSON.parse(resumed.events.at(-1)!.data);
    assert.deepEqual([last.subject, last.state], ['deployment', 'Succeeded']);
  });
});
