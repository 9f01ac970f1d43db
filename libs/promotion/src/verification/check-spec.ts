import { FieldProblem } from '../field-problem';

/**
 * Retries are attempts after the first (0 means one attempt, 10 at most eleven); `intervalSeconds` is the
 * pause between attempts and `timeoutSeconds` bounds each attempt, so a check ends within
 * (retries + 1) * timeoutSeconds + retries * intervalSeconds.
 */
export interface CheckRetries {
  retries: number;
  intervalSeconds: number;
  timeoutSeconds: number;
}

/** Passes when `url` answers `expectStatus` (200 unless set) and, if set, its body matches `bodyMatches`. */
export interface HttpCheckSpec extends CheckRetries {
  kind: 'http';
  url: string;
  expectStatus?: number;
  /** A JavaScript regular expression, without slashes or flags, searched in the first MiB of the body. */
  bodyMatches?: string;
}

export type MetricsComparator = '<' | '<=' | '>' | '>=' | '==';

/** Passes when the instant query's every series (or its scalar) compares true against `threshold`. */
export interface MetricsCheckSpec extends CheckRetries {
  kind: 'metrics';
  prometheusUrl: string;
  query: string;
  comparator: MetricsComparator;
  threshold: number;
}

export type VerificationCheckSpec = HttpCheckSpec | MetricsCheckSpec;

export const METRICS_COMPARATORS: readonly MetricsComparator[] = ['<', '<=', '>', '>=', '=='];
export const MAX_CHECK_RETRIES = 10;
const MAX_INTERVAL_SECONDS = 300;
const MAX_TIMEOUT_SECONDS = 60;

/**
 * Problems of a check, each naming its field under `field`: a URL that is not http(s), a status that is
 * not one, a regular expression that does not compile, an empty query, a comparator or threshold that is
 * not one, and retries, interval or timeout out of their bounds.
 */
export function validateVerificationCheck(spec: VerificationCheckSpec, field = 'check'): FieldProblem[] {
  const problems = retryProblems(spec, field);
  if (spec.kind === 'http') {
    problems.push(...urlProblems(spec.url, `${field}.url`));
    if (
      spec.expectStatus !== undefined &&
      !(Number.isInteger(spec.expectStatus) && spec.expectStatus >= 100 && spec.expectStatus <= 599)
    )
      problems.push({ field: `${field}.expectStatus`, message: 'must be an HTTP status from 100 to 599' });
    const regexProblem = spec.bodyMatches === undefined ? undefined : regexpProblem(spec.bodyMatches);
    if (regexProblem) problems.push({ field: `${field}.bodyMatches`, message: regexProblem });
    return problems;
  }
  problems.push(...urlProblems(spec.prometheusUrl, `${field}.prometheusUrl`));
  if (spec.query.trim() === '') problems.push({ field: `${field}.query`, message: 'must be a PromQL query' });
  if (!METRICS_COMPARATORS.includes(spec.comparator))
    problems.push({ field: `${field}.comparator`, message: `must be one of ${METRICS_COMPARATORS.join(' ')}` });
  if (!Number.isFinite(spec.threshold))
    problems.push({ field: `${field}.threshold`, message: 'must be a finite number' });
  return problems;
}

function retryProblems(spec: CheckRetries, field: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!(Number.isInteger(spec.retries) && spec.retries >= 0 && spec.retries <= MAX_CHECK_RETRIES))
    problems.push({ field: `${field}.retries`, message: `must be a whole number from 0 to ${MAX_CHECK_RETRIES}` });
  if (!(spec.intervalSeconds >= 0 && spec.intervalSeconds <= MAX_INTERVAL_SECONDS))
    problems.push({ field: `${field}.intervalSeconds`, message: `must be from 0 to ${MAX_INTERVAL_SECONDS} seconds` });
  if (!(spec.timeoutSeconds > 0 && spec.timeoutSeconds <= MAX_TIMEOUT_SECONDS))
    problems.push({
      field: `${field}.timeoutSeconds`,
      message: `must be more than 0 and at most ${MAX_TIMEOUT_SECONDS} seconds`,
    });
  return problems;
}

function urlProblems(value: string, field: string): FieldProblem[] {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return [{ field, message: 'must be an absolute http or https URL' }];
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return [{ field, message: `must be an http or https URL, not ${url.protocol.replace(/:$/, '')}` }];
  if (url.username || url.password) return [{ field, message: 'must not carry credentials' }];
  return [];
}

function regexpProblem(source: string): string | undefined {
  try {
    new RegExp(source);
    return undefined;
  } catch (error) {
    return `is not a valid regular expression: ${error instanceof Error ? error.message : String(error)}`;
  }
}
