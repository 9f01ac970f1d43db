import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HttpCheckSpec, MetricsCheckSpec, validateVerificationCheck } from './check-spec';

const httpCheck = (overrides: Partial<HttpCheckSpec> = {}): HttpCheckSpec => ({
  kind: 'http',
  url: 'https://orders.staging.example.com/healthz',
  retries: 3,
  intervalSeconds: 10,
  timeoutSeconds: 5,
  ...overrides,
});

const metricsCheck = (overrides: Partial<MetricsCheckSpec> = {}): MetricsCheckSpec => ({
  kind: 'metrics',
  prometheusUrl: 'http://prometheus.monitoring:9090',
  query: 'sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m]))',
  comparator: '<',
  threshold: 0.01,
  retries: 3,
  intervalSeconds: 30,
  timeoutSeconds: 10,
  ...overrides,
});

const fields = (spec: HttpCheckSpec | MetricsCheckSpec) =>
  validateVerificationCheck(spec, 'verification[0]').map((problem) => problem.field);

describe('verification check specs', () => {
  it('accepts well-formed HTTP and metrics checks', () => {
    assert.deepEqual(validateVerificationCheck(httpCheck({ expectStatus: 204, bodyMatches: '^ok$' })), []);
    assert.deepEqual(validateVerificationCheck(metricsCheck()), []);
  });

  it('names a URL that is not http(s), does not parse or carries credentials', () => {
    assert.deepEqual(validateVerificationCheck(httpCheck({ url: 'file:///etc/passwd' }), 'verification[0]'), [
      { field: 'verification[0].url', message: 'must be an http or https URL, not file' },
    ]);
    assert.deepEqual(fields(httpCheck({ url: '/healthz' })), ['verification[0].url']);
    assert.deepEqual(fields(metricsCheck({ prometheusUrl: 'http://admin:hunter2@prometheus:9090' })), [
      'verification[0].prometheusUrl',
    ]);
  });

  it('names a body pattern that does not compile, with the engine’s reason', () => {
    const [problem] = validateVerificationCheck(httpCheck({ bodyMatches: '("status"' }), 'verification[0]');
    assert.equal(problem.field, 'verification[0].bodyMatches');
    assert.match(problem.message, /^is not a valid regular expression: .*Unterminated group/);
  });

  it('names a status that is not an HTTP status', () => {
    assert.deepEqual(fields(httpCheck({ expectStatus: 42 })), ['verification[0].expectStatus']);
  });

  it('bounds retries to 10, the interval to 5 minutes and each attempt to a minute', () => {
    assert.deepEqual(fields(httpCheck({ retries: 11, intervalSeconds: -1, timeoutSeconds: 0 })), [
      'verification[0].retries',
      'verification[0].intervalSeconds',
      'verification[0].timeoutSeconds',
    ]);
    assert.deepEqual(fields(metricsCheck({ retries: 2.5, intervalSeconds: 301, timeoutSeconds: 61 })), [
      'verification[0].retries',
      'verification[0].intervalSeconds',
      'verification[0].timeoutSeconds',
    ]);
    assert.deepEqual(fields(httpCheck({ retries: 10, intervalSeconds: 0, timeoutSeconds: 60 })), []);
  });

  it('names an empty query and a threshold that is not a finite number', () => {
    assert.deepEqual(fields(metricsCheck({ query: '  ', threshold: Number.NaN })), [
      'verification[0].query',
      'verification[0].threshold',
    ]);
  });
});
