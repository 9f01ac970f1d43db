import { GateResult, gateResult } from '../gate-result';
import { fetchFailure } from '../fetch-failure';
import { AttemptOutcome, AttemptRecord, runAttempts } from './attempts';
import { CheckOptions } from './check-options';
import { MetricsCheckSpec, MetricsComparator } from './check-spec';
import { PrometheusSeries, parsePrometheusAnswer } from './prometheus-answer';

export interface MetricsAttempt extends AttemptOutcome {
  /** The instant the query was evaluated at (ISO-8601), sent to Prometheus as `time`. */
  evaluationTime: string;
  /** Every series the query returned, with its value. */
  series?: PrometheusSeries[];
  /** Prometheus's error payload, verbatim. */
  prometheusError?: { errorType: string; error: string };
  /** The HTTP status, when Prometheus answered something that was not its API. */
  httpStatus?: number;
}

export interface MetricsCheckEvidence {
  prometheusUrl: string;
  query: string;
  comparator: MetricsComparator;
  threshold: number;
  attempts: AttemptRecord<MetricsAttempt>[];
}

/** How many failing series a reason names before it only counts them. */
const NAMED_FAILURES = 3;

/**
 * The metrics verification check: runs `spec.query` as an instant query against the Prometheus HTTP API
 * (`GET /api/v1/query`) until every returned series satisfies `value <comparator> threshold`, for at most
 * `retries` more attempts. An empty result fails ("query returned no series"); NaN satisfies no comparison;
 * Prometheus's error payloads are reported verbatim, and a query it refuses as bad data is not retried.
 * Resolves with passed or failed and every attempt as evidence; rejects only with `options.signal`'s
 * reason when it aborts. The spec must have passed validateVerificationCheck.
 */
export async function runMetricsCheck(
  spec: MetricsCheckSpec,
  options: CheckOptions,
): Promise<GateResult<MetricsCheckEvidence>> {
  const doFetch = options.fetch ?? fetch;
  const attempts = await runAttempts(spec, options.signal, (signal) => queryOnce(spec, doFetch, signal));
  const last = attempts[attempts.length - 1];
  const evidence: MetricsCheckEvidence = {
    prometheusUrl: spec.prometheusUrl,
    query: spec.query,
    comparator: spec.comparator,
    threshold: spec.threshold,
    attempts,
  };
  const tries = `${attempts.length} attempt${attempts.length === 1 ? '' : 's'}`;
  return last.passed
    ? gateResult('metrics', 'passed', `${last.reason} (${tries})`, evidence, new Date())
    : gateResult('metrics', 'failed', `failed after ${tries}: ${last.reason}`, evidence, new Date());
}

async function queryOnce(spec: MetricsCheckSpec, doFetch: typeof fetch, signal: AbortSignal): Promise<MetricsAttempt> {
  const evaluatedAt = new Date();
  const evaluationTime = evaluatedAt.toISOString();
  const url = new URL('api/v1/query', spec.prometheusUrl.endsWith('/') ? spec.prometheusUrl : `${spec.prometheusUrl}/`);
  url.searchParams.set('query', spec.query);
  url.searchParams.set('time', String(evaluatedAt.getTime() / 1000));
  let response: Response;
  let payload: unknown;
  try {
    response = await doFetch(url, { signal, headers: { accept: 'application/json' } });
    payload = await response.json().catch(() => undefined);
  } catch (error) {
    return {
      passed: false,
      evaluationTime,
      reason: `Prometheus did not answer: ${fetchFailure(error, spec.timeoutSeconds)}`,
    };
  }
  const answer = parsePrometheusAnswer(payload);
  switch (answer.kind) {
    case 'error':
      return {
        passed: false,
        // A query Prometheus cannot parse fails the same way every time.
        final: answer.errorType === 'bad_data',
        evaluationTime,
        prometheusError: { errorType: answer.errorType, error: answer.error },
        reason: `Prometheus refused the query: ${answer.errorType}: ${answer.error}`,
      };
    case 'not-prometheus':
      return {
        passed: false,
        evaluationTime,
        httpStatus: response.status,
        reason: `answered ${response.status} without a Prometheus API payload`,
      };
    case 'unsupported':
      return {
        passed: false,
        final: true,
        evaluationTime,
        reason: `query returned a ${answer.resultType}; a threshold needs an instant vector or a scalar`,
      };
    case 'series':
      return judgeSeries(spec, answer.series, evaluationTime);
  }
}

function judgeSeries(spec: MetricsCheckSpec, series: PrometheusSeries[], evaluationTime: string): MetricsAttempt {
  if (series.length === 0) return { passed: false, evaluationTime, series, reason: 'query returned no series' };
  const condition = `${spec.comparator} ${spec.threshold}`;
  const failing = series.filter((entry) => !compare(sampleNumber(entry.value), spec.comparator, spec.threshold));
  if (failing.length === 0)
    return { passed: true, evaluationTime, series, reason: `all ${series.length} series ${condition}` };
  const named = failing.slice(0, NAMED_FAILURES).map((entry) => `${formatLabels(entry.labels)} = ${entry.value}`);
  const more = failing.length > NAMED_FAILURES ? ` and ${failing.length - NAMED_FAILURES} more` : '';
  return {
    passed: false,
    evaluationTime,
    series,
    reason: `${failing.length} of ${series.length} series not ${condition}: ${named.join(', ')}${more}`,
  };
}

/** Prometheus writes infinities as "+Inf" and "-Inf", which Number() does not read. */
function sampleNumber(value: string): number {
  if (value === '+Inf') return Infinity;
  if (value === '-Inf') return -Infinity;
  return Number(value);
}

function compare(value: number, comparator: MetricsComparator, threshold: number): boolean {
  switch (comparator) {
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '==':
      return value === threshold;
  }
}

function formatLabels(labels: Record<string, string>): string {
  return `{${Object.entries(labels)
    .map(([name, value]) => `${name}="${value}"`)
    .join(', ')}}`;
}
