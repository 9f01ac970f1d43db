import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { IncomingHttpHeaders, Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AuditEventEntity, NotificationTargetEntity } from '@fleetplane/persistence';
import { DELIVERY_HEADER, SIGNATURE_HEADER, verifyWebhookSignature } from '@fleetplane/promotion';
import { Sandbox } from '@fleetplane/sandbox';
import { backends } from '../support/database';
import { RunningControlPlane, bearer, startControlPlane, tokenFor } from '../support/control-plane';
import { registerPromotionFleet, releaseToDev, startPromotionSandbox, waitForPromotion } from './promotion-support';

const FINAL = ['Succeeded', 'Failed', 'Rejected', 'Expired', 'Cancelled'];
const SECRET = 'whsec-7f3a9c1e5b2d8f4a6c0e';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

interface Delivery {
  event: string;
  eventId: string;
  url: string;
  status: string;
  attempts: Array<{ status?: number; error?: string }>;
  lastError: string | null;
}

for (const backend of backends()) {
  describe(`promotion webhooks (${backend} database)`, { timeout: 300_000 }, () => {
    let plane: RunningControlPlane;
    let sandbox: Sandbox;
    let dir: string;
    let receiver: Server;
    let receiverUrl: string;
    let operator: Record<string, string>;
    let viewer: Record<string, string>;
    const received: Received[] = [];
    let flakyFailures = 2;

    /** Accepts on /ok; /flaky answers 503 twice, then accepts; /refuse answers 400 for good. */
    const answer = (path: string): number => {
      if (path === '/flaky' && flakyFailures > 0) {
        flakyFailures -= 1;
        return 503;
      }
      return path === '/refuse' ? 400 : 204;
    };

    const addTarget = (body: object, as = operator) =>
      plane.http.post('/v1/environments/staging/notification-targets').set(as).send(body);

    /** Polls a promotion's deliveries until none is pending. */
    async function settledDeliveries(id: string): Promise<Delivery[]> {
      const deadline = Date.now() + 90_000;
      let last: Delivery[] = [];
      while (Date.now() < deadline) {
        last = (await plane.http.get(`/v1/promotions/${id}/deliveries`).set(viewer).expect(200)).body;
        if (last.length > 0 && last.every((delivery) => delivery.status !== 'pending')) return last;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      throw new Error(`deliveries of ${id} still pending: ${JSON.stringify(last)}`);
    }

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'fleetplane-webhooks-'));
      receiver = createServer((request, response) => {
        let body = '';
        request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        request.on('end', () => {
          received.push({ path: request.url ?? '', headers: request.headers, body });
          response.writeHead(answer(request.url ?? '')).end();
        });
      });
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
      receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
      sandbox = await startPromotionSandbox(dir);
      plane = await startControlPlane(backend, { FLEETPLANE_RATE_LIMIT_PER_MINUTE: '100000' });
      await registerPromotionFleet(plane, dir);
      operator = bearer(await tokenFor(plane, 'payments', 'operator'));
      viewer = bearer(await tokenFor(plane, 'payments', 'viewer'));
      for (const name of ['dev', 'staging'])
        await plane.http.post('/v1/environments').set(operator).send({ name }).expect(201);
      await releaseToDev(plane, operator, 'shop', ['1.0.0']);
    });

    after(async () => {
      await plane?.close();
      await sandbox?.stop();
      await new Promise((resolve) => receiver?.close(resolve));
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('refuses a bad notification target with 4xx naming the field, writing nothing', async () => {
      const cases: Array<[object, number, string]> = [
        [{ url: `${receiverUrl}/ok`, secret: 'short', events: ['failed'] }, 400, 'secret'],
        [{ url: 'ftp://hooks.example.com/x', secret: SECRET, events: ['failed'] }, 400, 'url'],
        [{ url: 'not a url', secret: SECRET, events: ['failed'] }, 400, 'url'],
        [{ url: `${receiverUrl}/ok`, secret: SECRET, events: ['deployed'] }, 400, 'events'],
        [{ url: `${receiverUrl}/ok`, secret: SECRET, events: [] }, 400, 'events'],
      ];
      for (const [body, status, field] of cases) {
        const refused = await addTarget(body);
        assert.equal(refused.status, status, `${JSON.stringify(body)}: ${refused.text}`);
        assert.ok(
          (refused.body.errors ?? []).some((error: { field: string }) => error.field === field),
          `${field} in ${refused.text}`,
        );
        assert.ok(!refused.text.includes(SECRET), 'the secret is never echoed');
      }
      const valid = { url: `${receiverUrl}/ok`, secret: SECRET, events: ['failed'] };
      assert.equal((await addTarget(valid, viewer)).status, 403);
      const unknown = await plane.http.post('/v1/environments/qa/notification-targets').set(operator).send(valid);
      assert.equal(unknown.status, 404, unknown.text);
      assert.equal(await plane.dataSource.getRepository(NotificationTargetEntity).count(), 0);
    });

    it('signs each event for its subscribers, retries a failing receiver until it accepts, and never shows the secret', async () => {
      const texts: string[] = [];
      for (const [path, events] of [
        ['/ok', ['requested', 'awaiting-approval', 'succeeded', 'failed']],
        ['/flaky', ['succeeded']],
        ['/refuse', ['requested']],
      ] as const) {
        const created = await addTarget({ url: `${receiverUrl}${path}`, secret: SECRET, events });
        assert.equal(created.status, 201, created.text);
        assert.deepEqual(Object.keys(created.body).sort(), ['createdAt', 'events', 'id', 'url']);
        texts.push(created.text);
      }
      const listed = await plane.http.get('/v1/environments/staging/notification-targets').set(viewer).expect(200);
      assert.equal(listed.body.length, 3);
      texts.push(listed.text);

      const promoted = await plane.http
        .post('/v1/promotions')
        .set(operator)
        .send({ application: 'shop', from: 'dev', to: 'staging' });
      assert.equal(promoted.status, 201, promoted.text);
      const done = await waitForPromotion(plane, promoted.body.id, FINAL);
      assert.equal(done.state, 'Succeeded', JSON.stringify(done));
      const deliveries = await settledDeliveries(done.id);
      const deliveriesText = JSON.stringify(deliveries);
      texts.push(promoted.text, deliveriesText);

      const summary = deliveries
        .map((delivery) => [new URL(delivery.url).pathname, delivery.event, delivery.status])
        .sort((a, b) => a.join().localeCompare(b.join()));
      assert.deepEqual(summary, [
        ['/flaky', 'promotion.succeeded', 'delivered'],
        ['/ok', 'promotion.requested', 'delivered'],
        ['/ok', 'promotion.succeeded', 'delivered'],
        ['/refuse', 'promotion.requested', 'failed'],
      ]);
      const flaky = deliveries.find((delivery) => delivery.url.endsWith('/flaky'))!;
      assert.deepEqual(
        flaky.attempts.map((attempt) => attempt.status),
        [503, 503, 204],
      );
      assert.equal(flaky.lastError, null);
      const refused = deliveries.find((delivery) => delivery.url.endsWith('/refuse'))!;
      assert.equal(refused.attempts.length, 1, 'a 400 is final, not retried');
      assert.equal(refused.lastError, 'the receiver answered 400');

      const flakyRequests = received.filter((request) => request.path === '/flaky');
      assert.equal(flakyRequests.length, 3);
      assert.ok(
        flakyRequests.every((request) => request.headers[DELIVERY_HEADER.toLowerCase()] === flaky.eventId),
        'every retry carries the same delivery id, so a receiver can drop duplicates',
      );
      for (const request of received) {
        const signature = request.headers[SIGNATURE_HEADER.toLowerCase()];
        const check = verifyWebhookSignature(
          request.body,
          typeof signature === 'string' ? signature : undefined,
          SECRET,
          {
            now: new Date(),
          },
        );
        assert.equal(check.valid, true, JSON.stringify(check));
        const event = JSON.parse(request.body) as { type: string; data: { promotion: string } };
        assert.equal(event.data.promotion, done.id);
        assert.ok(!request.body.includes(SECRET));
      }
      const forged = verifyWebhookSignature(
        received[0].body,
        received[0].headers[SIGNATURE_HEADER.toLowerCase()] as string,
        'another-secret-of-16+',
        {
          now: new Date(),
        },
      );
      assert.equal(forged.valid, false);

      const audit = await plane.dataSource
        .getRepository(AuditEventEntity)
        .findBy({ resourceType: 'notification-target' });
      assert.equal(audit.length, 3);
      texts.push(JSON.stringify(audit));
      for (const text of texts) assert.ok(!text.includes(SECRET), `the secret appears in ${text.slice(0, 200)}`);
    });

    it('removes a target with its secret; an unknown one is a 404', async () => {
      const listed = await plane.http.get('/v1/environments/staging/notification-targets').set(viewer).expect(200);
      const target = listed.body[0] as { id: string };
      await plane.http.delete(`/v1/environments/staging/notification-targets/${target.id}`).set(operator).expect(204);
      const again = await plane.http.delete(`/v1/environments/staging/notification-targets/${target.id}`).set(operator);
      assert.equal(again.status, 404, again.text);
      const secrets = (await plane.dataSource.query(
        `SELECT count(*)::int AS count FROM encrypted_secrets WHERE owner_type = 'notification-target' AND owner_id = $1`,
        [target.id],
      )) as Array<{ count: number }>;
      assert.equal(secrets[0].count, 0);
      const remaining = await plane.http.get('/v1/environments/staging/notification-targets').set(viewer).expect(200);
      assert.equal(remaining.body.length, 2);
    });
  });
}
