import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { IncomingMessage, Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  DELIVERY_HEADER,
  DeliveryAttempt,
  EVENT_HEADER,
  PromotionEvent,
  SIGNATURE_HEADER,
  sendWebhook,
  signWebhook,
  validateWebhookTarget,
  verifyWebhookSignature,
} from './webhooks';

const secret = 'whsec_4f1c2e9a7b3d5f60';
const signedAt = new Date('2026-12-03T12:00:00Z');
const body = '{"type":"promotion.succeeded"}';

const event: PromotionEvent = {
  id: 'evt_01',
  type: 'promotion.succeeded',
  occurredAt: '2026-12-03T12:00:00.000Z',
  data: { promotion: 'p-42', application: 'orders', from: 'staging', to: 'prod' },
};

/** A receiver as users write one: it verifies each request's signature and answers as the test asks. */
interface Receiver {
  url: string;
  received: { signature: SignatureVerdict; delivery?: string; event?: string; body: unknown }[];
}
type SignatureVerdict = ReturnType<typeof verifyWebhookSignature>;

describe('webhooks', () => {
  describe('signing', () => {
    it('signs "<t>.<body>" with HMAC-SHA256, Stripe-style', () => {
      const expected = createHmac('sha256', secret).update(`1796299200.${body}`).digest('hex');
      assert.equal(signWebhook(body, secret, signedAt), `t=1796299200,v1=${expected}`);
    });

    it('verifies its own signature within the tolerance', () => {
      const header = signWebhook(body, secret, signedAt);
      assert.deepEqual(verifyWebhookSignature(body, header, secret, { now: new Date('2026-12-03T12:04:59Z') }), {
        valid: true,
        signedAt,
      });
    });

    it('refuses a changed body, another secret, and a signature older than the tolerance', () => {
      const header = signWebhook(body, secret, signedAt);
      const now = { now: signedAt };
      assert.deepEqual(verifyWebhookSignature(`${body} `, header, secret, now), {
        valid: false,
        reason: 'no signature matches the body',
      });
      assert.equal(verifyWebhookSignature(body, header, 'whsec_someone_else', now).valid, false);
      assert.deepEqual(
        verifyWebhookSignature(body, header, secret, { now: new Date('2026-12-03T12:01:01Z'), toleranceSeconds: 60 }),
        {
          valid: false,
          reason: 'signed at 2026-12-03T12:00:00.000Z, outside the 60s tolerance',
        },
      );
    });

    it('accepts either of two secrets while a secret is rotated', () => {
      const header = signWebhook(body, 'whsec_the_new_one_123', signedAt);
      assert.equal(
        verifyWebhookSignature(body, header, [secret, 'whsec_the_new_one_123'], { now: signedAt }).valid,
        true,
      );
    });

    it('says what is wrong with a malformed header', () => {
      const now = { now: signedAt };
      assert.deepEqual(verifyWebhookSignature(body, undefined, secret, now), {
        valid: false,
        reason: 'no Fleetplane-Signature header',
      });
      assert.deepEqual(verifyWebhookSignature(body, 'v1=abc', secret, now), {
        valid: false,
        reason: 'the header needs exactly one t=<unix seconds>',
      });
      assert.deepEqual(verifyWebhookSignature(body, 't=1796299200,v1=zz', secret, now), {
        valid: false,
        reason: 'the header has no v1 signature',
      });
    });
  });

  describe('validateWebhookTarget', () => {
    it('names a URL that is not http(s) and a short secret without echoing it', () => {
      assert.deepEqual(validateWebhookTarget({ url: 'ftp://hooks.example.com', secret: 'short' }, 'webhooks[0]'), [
        { field: 'webhooks[0].url', message: 'must be an http or https URL' },
        { field: 'webhooks[0].secret', message: 'must be at least 16 characters' },
      ]);
      assert.deepEqual(validateWebhookTarget({ url: 'https://hooks.example.com/fleetplane', secret }), []);
    });
  });

  describe('sendWebhook', () => {
    let server: Server;
    let base: string;
    const receivers = new Map<string, Receiver & { answer: (count: number) => number }>();

    before(async () => {
      server = createServer(async (request, response) => {
        const receiver = receivers.get(request.url ?? '');
        if (!receiver) return void response.writeHead(404).end();
        const raw = await readBody(request);
        receiver.received.push({
          signature: verifyWebhookSignature(raw, header(request, SIGNATURE_HEADER), secret, { now: new Date() }),
          delivery: header(request, DELIVERY_HEADER),
          event: header(request, EVENT_HEADER),
          body: JSON.parse(raw),
        });
        response.writeHead(receiver.answer(receiver.received.length)).end();
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    const receiver = (path: string, answer: (count: number) => number): Receiver => {
      const created = { url: `${base}${path}`, received: [], answer };
      receivers.set(path, created);
      return created;
    };
    const options = (onAttempt?: (attempt: DeliveryAttempt) => void) => ({
      signal: AbortSignal.timeout(30_000),
      retries: 4,
      initialDelayMs: 5,
      maxDelayMs: 20,
      timeoutSeconds: 5,
      onAttempt,
    });

    it('retries a receiver that fails twice, delivering a correctly signed event on the third attempt', async () => {
      const flaky = receiver('/flaky', (count) => (count <= 2 ? 503 : 204));
      const reported: DeliveryAttempt[] = [];
      const report = await sendWebhook(
        { url: flaky.url, secret },
        event,
        options((attempt) => reported.push(attempt)),
      );
      assert.equal(report.delivered, true);
      assert.equal(report.reason, 'delivered on attempt 3');
      assert.deepEqual(
        report.attempts.map(({ attempt, status, error, retryable }) => ({ attempt, status, error, retryable })),
        [
          { attempt: 1, status: 503, error: 'the receiver answered 503', retryable: true },
          { attempt: 2, status: 503, error: 'the receiver answered 503', retryable: true },
          { attempt: 3, status: 204, error: undefined, retryable: false },
        ],
      );
      assert.deepEqual(reported, report.attempts);
      assert.equal(flaky.received.length, 3);
      for (const received of flaky.received) {
        assert.equal(received.signature.valid, true);
        assert.equal(received.delivery, 'evt_01');
        assert.equal(received.event, 'promotion.succeeded');
        assert.deepEqual(received.body, event);
      }
    });

    it('does not retry a receiver that answers 400', async () => {
      const refusing = receiver('/refusing', () => 400);
      const report = await sendWebhook({ url: refusing.url, secret }, event, options());
      assert.equal(report.delivered, false);
      assert.equal(report.reason, 'not delivered after 1 attempt(s): the receiver answered 400');
      assert.equal(refusing.received.length, 1);
      assert.equal(report.attempts[0].retryable, false);
    });

    it('retries network errors up to its bound and reports each one, never the secret', async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', () => resolve()));
      const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/hooks`;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      const report = await sendWebhook({ url, secret }, event, { ...options(), retries: 2 });
      assert.equal(report.delivered, false);
      assert.equal(report.attempts.length, 3);
      assert.ok(report.attempts.every((attempt) => attempt.retryable && /ECONNREFUSED/.test(attempt.error ?? '')));
      assert.ok(!JSON.stringify(report).includes(secret));
    });

    it('stops when its signal aborts, rejecting with the signal’s reason', async () => {
      const down = receiver('/down', () => 503);
      const controller = new AbortController();
      const abortedBy = new Error('control plane shutting down');
      const sending = sendWebhook({ url: down.url, secret }, event, {
        ...options(() => controller.abort(abortedBy)),
        signal: controller.signal,
        initialDelayMs: 10_000,
      });
      await assert.rejects(sending, abortedBy);
      assert.equal(down.received.length, 1);
    });
  });
});

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}
