import { createHmac, timingSafeEqual } from 'node:crypto';
import { ExponentialBackoff, handleWhen, retry } from 'cockatiel';
import { FieldProblem } from './field-problem';
import { fetchFailure } from './fetch-failure';

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, Stripe's scheme; several v1 while secrets rotate. */
export const SIGNATURE_HEADER = 'Fleetplane-Signature';
/** The event's id, the same on every retry, so a receiver can drop duplicates. */
export const DELIVERY_HEADER = 'Fleetplane-Delivery';
export const EVENT_HEADER = 'Fleetplane-Event';

export type PromotionEventType =
  'promotion.requested' | 'promotion.awaiting_approval' | 'promotion.succeeded' | 'promotion.failed';

export interface PromotionEvent {
  id: string;
  type: PromotionEventType;
  occurredAt: string;
  /** What the receiver needs about the promotion; never secrets (the control plane builds it). */
  data: object;
}

export interface WebhookTarget {
  url: string;
  secret: string;
}

export type SignatureCheck = { valid: true; signedAt: Date } | { valid: false; reason: string };

const DEFAULT_TOLERANCE_SECONDS = 300;
const MIN_SECRET_LENGTH = 16;

/** The signature header's value for `body` signed with `secret` at `at`. */
export function signWebhook(body: string, secret: string, at: Date): string {
  const timestamp = Math.floor(at.getTime() / 1000);
  return `t=${timestamp},v1=${hmac(secret, `${timestamp}.${body}`)}`;
}

/**
 * For receivers: whether `header` signs exactly `body` with one of `secrets` (several while rotating), at
 * most `toleranceSeconds` (300 by default) away from `now`, which bounds how long a captured request can be
 * replayed. Compares in constant time; the reason says what is wrong, never what was expected.
 */
export function verifyWebhookSignature(
  body: string,
  header: string | undefined,
  secrets: string | readonly string[],
  options: { now: Date; toleranceSeconds?: number },
): SignatureCheck {
  if (!header) return { valid: false, reason: `no ${SIGNATURE_HEADER} header` };
  const parts = header.split(',').map((part) => part.trim().split('='));
  const timestamps = parts.filter(([key]) => key === 't').map(([, value]) => value);
  const signatures = parts
    .filter(([key, value]) => key === 'v1' && /^[0-9a-f]{64}$/.test(value ?? ''))
    .map(([, value]) => value);
  if (timestamps.length !== 1 || !/^\d+$/.test(timestamps[0] ?? ''))
    return { valid: false, reason: 'the header needs exactly one t=<unix seconds>' };
  if (signatures.length === 0) return { valid: false, reason: 'the header has no v1 signature' };
  const signedAt = new Date(Number(timestamps[0]) * 1000);
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (Math.abs(options.now.getTime() - signedAt.getTime()) > tolerance * 1000)
    return { valid: false, reason: `signed at ${signedAt.toISOString()}, outside the ${tolerance}s tolerance` };
  const expected = (typeof secrets === 'string' ? [secrets] : secrets).map((secret) =>
    Buffer.from(hmac(secret, `${timestamps[0]}.${body}`), 'hex'),
  );
  const matches = signatures.some((signature) => {
    const given = Buffer.from(signature, 'hex');
    return expected.some((candidate) => timingSafeEqual(candidate, given));
  });
  return matches ? { valid: true, signedAt } : { valid: false, reason: 'no signature matches the body' };
}

/** Problems of a webhook target, naming its fields under `field`; the secret's value is never echoed. */
export function validateWebhookTarget(target: WebhookTarget, field = 'webhook'): FieldProblem[] {
  const problems: FieldProblem[] = [];
  let url: URL | undefined;
  try {
    url = new URL(target.url);
  } catch {
    problems.push({ field: `${field}.url`, message: 'must be an absolute http or https URL' });
  }
  if (url && url.protocol !== 'http:' && url.protocol !== 'https:')
    problems.push({ field: `${field}.url`, message: 'must be an http or https URL' });
  else if (url && (url.username || url.password))
    problems.push({ field: `${field}.url`, message: 'must not carry credentials; the signature authenticates' });
  if (target.secret.length < MIN_SECRET_LENGTH)
    problems.push({ field: `${field}.secret`, message: `must be at least ${MIN_SECRET_LENGTH} characters` });
  return problems;
}

function hmac(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('hex');
}

/** One delivery attempt, as reported while delivering and in the final report. Never holds the secret. */
export interface DeliveryAttempt {
  attempt: number;
  at: string;
  durationMs: number;
  /** The receiver's status; absent when it did not answer. */
  status?: number;
  /** Why the attempt failed: a network error, a timeout, a status. */
  error?: string;
  /** Whether another attempt may succeed: 5xx, 408, 429 and network errors are retried; other answers are final. */
  retryable: boolean;
}

export interface DeliveryReport {
  delivered: boolean;
  event: { id: string; type: PromotionEventType };
  url: string;
  attempts: DeliveryAttempt[];
  reason: string;
}

export interface DeliveryOptions {
  signal: AbortSignal;
  fetch?: typeof fetch;
  /** Attempts after the first; 4 by default, 10 at most. */
  retries?: number;
  /** Exponential back-off with jitter between attempts: 1 s doubling to 30 s by default. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Bounds each attempt; 10 s by default. */
  timeoutSeconds?: number;
  /** Called after each attempt, for live progress and the audit trail. */
  onAttempt?: (attempt: DeliveryAttempt) => void;
}

class FailedAttempt extends Error {
  constructor(readonly attempt: DeliveryAttempt) {
    super(attempt.error);
  }
}

const MAX_DELIVERY_RETRIES = 10;

/**
 * Delivers `event` to `target` as a signed JSON POST, signing each attempt afresh so a late retry is still
 * within the receiver's tolerance. Retries answers another attempt may change (5xx, 408, 429, network
 * errors, timeouts) with exponential back-off, never other 4xx or redirects. Resolves with a report of
 * every attempt, delivered or not; rejects only with `options.signal`'s reason when it aborts.
 */
export async function sendWebhook(
  target: WebhookTarget,
  event: PromotionEvent,
  options: DeliveryOptions,
): Promise<DeliveryReport> {
  const body = JSON.stringify(event);
  const attempts: DeliveryAttempt[] = [];
  const record = (attempt: DeliveryAttempt): DeliveryAttempt => {
    attempts.push(attempt);
    options.onAttempt?.(attempt);
    return attempt;
  };
  const policy = retry(
    handleWhen((error) => error instanceof FailedAttempt && error.attempt.retryable),
    {
      maxAttempts: Math.max(0, Math.min(options.retries ?? 4, MAX_DELIVERY_RETRIES)),
      backoff: new ExponentialBackoff({
        initialDelay: options.initialDelayMs ?? 1_000,
        maxDelay: options.maxDelayMs ?? 30_000,
      }),
    },
  );
  const report = (delivered: boolean, reason: string): DeliveryReport => ({
    delivered,
    event: { id: event.id, type: event.type },
    url: target.url,
    attempts,
    reason,
  });
  try {
    await policy.execute(async ({ signal }) => {
      const attempt = record(await deliverOnce(target, event, body, attempts.length + 1, signal, options));
      if (attempt.error !== undefined) throw new FailedAttempt(attempt);
    }, options.signal);
  } catch (error) {
    options.signal.throwIfAborted();
    if (error instanceof FailedAttempt)
      return report(false, `not delivered after ${attempts.length} attempt(s): ${error.attempt.error}`);
    throw error;
  }
  return report(true, `delivered on attempt ${attempts.length}`);
}

async function deliverOnce(
  target: WebhookTarget,
  event: PromotionEvent,
  body: string,
  number: number,
  signal: AbortSignal,
  options: DeliveryOptions,
): Promise<DeliveryAttempt> {
  const startedAt = new Date();
  const timeoutSeconds = options.timeoutSeconds ?? 10;
  const stamp = () => ({ attempt: number, at: startedAt.toISOString(), durationMs: Date.now() - startedAt.getTime() });
  try {
    const response = await (options.fetch ?? fetch)(target.url, {
      method: 'POST',
      body,
      redirect: 'manual',
      signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutSeconds * 1000)]),
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signWebhook(body, target.secret, startedAt),
        [DELIVERY_HEADER]: event.id,
        [EVENT_HEADER]: event.type,
      },
    });
    await response.body?.cancel();
    if (response.status >= 200 && response.status < 300)
      return { ...stamp(), status: response.status, retryable: false };
    const retryable = response.status >= 500 || response.status === 408 || response.status === 429;
    return { ...stamp(), status: response.status, error: `the receiver answered ${response.status}`, retryable };
  } catch (error) {
    signal.throwIfAborted();
    return { ...stamp(), error: fetchFailure(error, timeoutSeconds), retryable: true };
  }
}
