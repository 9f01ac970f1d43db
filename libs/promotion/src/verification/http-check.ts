import { GateResult, gateResult } from '../gate-result';
import { fetchFailure } from '../fetch-failure';
import { AttemptOutcome, AttemptRecord, runAttempts } from './attempts';
import { CheckOptions } from './check-options';
import { HttpCheckSpec } from './check-spec';

export interface HttpAttempt extends AttemptOutcome {
  /** The status answered; absent when nothing was answered (refused, timed out). */
  status?: number;
  /** The start of the body, at most BODY_EXCERPT_CHARS characters. */
  bodyExcerpt?: string;
}

export interface HttpCheckEvidence {
  url: string;
  expectStatus: number;
  bodyMatches?: string;
  attempts: AttemptRecord<HttpAttempt>[];
}

export const BODY_EXCERPT_CHARS = 512;
/** The most of a body read and matched: a health page, not a download. */
const BODY_READ_LIMIT_BYTES = 1024 * 1024;

/**
 * The HTTP verification check: GETs `spec.url` until an attempt answers `expectStatus` (200 by default) with
 * a body matching `bodyMatches`, for at most `retries` more attempts. Redirects are not followed, so a
 * redirect to a login page is a 302, not a passing 200. Resolves with passed or failed and every attempt as
 * evidence; rejects only with `options.signal`'s reason when it aborts. The spec must have passed
 * validateVerificationCheck.
 */
export async function runHttpCheck(spec: HttpCheckSpec, options: CheckOptions): Promise<GateResult<HttpCheckEvidence>> {
  const expectStatus = spec.expectStatus ?? 200;
  const pattern = spec.bodyMatches === undefined ? undefined : new RegExp(spec.bodyMatches);
  const doFetch = options.fetch ?? fetch;
  const attempts = await runAttempts(spec, options.signal, async (signal): Promise<HttpAttempt> => {
    let response: Response;
    try {
      response = await doFetch(spec.url, { signal, redirect: 'manual', headers: { accept: '*/*' } });
    } catch (error) {
      return { passed: false, reason: fetchFailure(error, spec.timeoutSeconds) };
    }
    let body: string;
    try {
      body = await readBounded(response);
    } catch (error) {
      return {
        passed: false,
        status: response.status,
        reason: `the body could not be read: ${fetchFailure(error, spec.timeoutSeconds)}`,
      };
    }
    const bodyExcerpt = body.slice(0, BODY_EXCERPT_CHARS);
    if (response.status !== expectStatus)
      return {
        passed: false,
        status: response.status,
        bodyExcerpt,
        reason: `answered ${response.status}, expected ${expectStatus}`,
      };
    if (pattern && !pattern.test(body))
      return {
        passed: false,
        status: response.status,
        bodyExcerpt,
        reason: `the body does not match /${spec.bodyMatches}/`,
      };
    return {
      passed: true,
      status: response.status,
      bodyExcerpt,
      reason: `answered ${response.status}${pattern ? ' and the body matches' : ''}`,
    };
  });
  const last = attempts[attempts.length - 1];
  const evidence: HttpCheckEvidence = {
    url: spec.url,
    expectStatus,
    ...(spec.bodyMatches !== undefined && { bodyMatches: spec.bodyMatches }),
    attempts,
  };
  const tries = `${attempts.length} attempt${attempts.length === 1 ? '' : 's'}`;
  return last.passed
    ? gateResult('http', 'passed', `${spec.url} ${last.reason} (${tries})`, evidence, new Date())
    : gateResult('http', 'failed', `${spec.url} failed after ${tries}: ${last.reason}`, evidence, new Date());
}

/** The body as text, cut at BODY_READ_LIMIT_BYTES; the rest is not downloaded. */
async function readBounded(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < BODY_READ_LIMIT_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  await reader.cancel().catch(() => undefined);
  return new TextDecoder().decode(Buffer.concat(chunks).subarray(0, BODY_READ_LIMIT_BYTES));
}
