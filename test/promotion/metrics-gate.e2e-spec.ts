import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MetricsCheckSpec, runMetricsCheck } from '@fleetplane/promotion';
import { freePort } from '../providers/fakes/free-port';
import { MetricsTarget, RunningPrometheus, startMetricsTarget, startPrometheus } from '../support/prometheus';

const ERROR_RATIO = 'fleetplane_test_error_ratio';

describe('metrics verification against a real Prometheus', () => {
  let target: MetricsTarget;
  let prometheus: RunningPrometheus;

  const check = (overrides: Partial<MetricsCheckSpec> = {}): MetricsCheckSpec => ({
    kind: 'metrics',
    prometheusUrl: prometheus.url,
    query: ERROR_RATIO,
    comparator: '<',
    threshold: 0.05,
    retries: 0,
    intervalSeconds: 0,
    timeoutSeconds: 5,
    ...overrides,
  });
  const run = (spec: MetricsCheckSpec) => runMetricsCheck(spec, { signal: AbortSignal.timeout(60_000) });
  /** Sets pod b's error ratio and waits until Prometheus has scraped it. */
  const setInstanceB = async (value: number) => {
    target.set(ERROR_RATIO, { pod: 'b' }, value);
    await prometheus.waitForQuery(`${ERROR_RATIO}{pod="b"}`, (values) => values.every((seen) => seen === value));
  };

  before(async () => {
    target = await startMetricsTarget();
    target.set(ERROR_RATIO, { pod: 'a' }, 0.01);
    target.set(ERROR_RATIO, { pod: 'b' }, 0.02);
    prometheus = await startPrometheus([target.address]);
    await prometheus.waitForQuery(ERROR_RATIO, (values) => values.length === 2);
  });

  after(async () => {
    await prometheus?.stop();
    await target?.close();
  });

  it('passes when every series satisfies the threshold, with each series’ labels and value as evidence', async () => {
    const result = await run(check());
    assert.equal(result.gate, 'metrics');
    assert.equal(result.status, 'passed', result.reason);
    assert.equal(result.reason, 'all 2 series < 0.05 (1 attempt)');
    const [attempt] = result.evidence.attempts;
    assert.equal(result.evidence.query, ERROR_RATIO);
    assert.ok(!Number.isNaN(Date.parse(attempt.evaluationTime)));
    assert.deepEqual(
      attempt.series?.map((series) => [series.labels.pod, series.labels.__name__, series.labels.job, series.value]),
      [
        ['a', ERROR_RATIO, 'test-target', '0.01'],
        ['b', ERROR_RATIO, 'test-target', '0.02'],
      ],
    );
  });

  it('fails when one series breaks the threshold, naming it (the pod), and passes again once it recovers', async () => {
    await setInstanceB(0.2);
    const failed = await run(check());
    assert.equal(failed.status, 'failed');
    assert.match(failed.reason, /^failed after 1 attempt: 1 of 2 series not < 0\.05: \{.*pod="b".*\} = 0\.2$/);
    await setInstanceB(0.02);
    assert.equal((await run(check())).status, 'passed');
  });

  it('retries until the series recovers, recording every attempt', async () => {
    await setInstanceB(0.3);
    let queries = 0;
    const result = await runMetricsCheck(check({ retries: 10, intervalSeconds: 1 }), {
      signal: AbortSignal.timeout(60_000),
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        // The incident ends as soon as the first query has seen it.
        if ((queries += 1) === 1) target.set(ERROR_RATIO, { pod: 'b' }, 0.02);
        return response;
      },
    });
    assert.equal(result.status, 'passed', result.reason);
    assert.ok(result.evidence.attempts.length >= 2);
    assert.equal(result.evidence.attempts[0].passed, false);
    assert.deepEqual(
      result.evidence.attempts.map((attempt) => attempt.attempt),
      result.evidence.attempts.map((_, index) => index + 1),
    );
  });

  it('applies the threshold to a scalar result', async () => {
    const result = await run(check({ query: `scalar(max(${ERROR_RATIO}))`, comparator: '<=', threshold: 0.02 }));
    assert.equal(result.status, 'passed', result.reason);
    assert.deepEqual(result.evidence.attempts[0].series, [{ labels: {}, value: '0.02' }]);
  });

  it('fails an empty result with a clear reason', async () => {
    const result = await run(check({ query: 'fleetplane_metric_nobody_exports' }));
    assert.equal(result.status, 'failed');
    assert.equal(result.reason, 'failed after 1 attempt: query returned no series');
  });

  it('reports Prometheus’s error payload verbatim and does not retry a query it cannot parse', async () => {
    const result = await run(check({ query: 'sum(', retries: 3, intervalSeconds: 1 }));
    assert.equal(result.status, 'failed');
    assert.equal(result.evidence.attempts.length, 1);
    const error = result.evidence.attempts[0].prometheusError;
    assert.equal(error?.errorType, 'bad_data');
    assert.match(error?.error ?? '', /parse error/);
    assert.equal(result.reason, `failed after 1 attempt: Prometheus refused the query: bad_data: ${error?.error}`);
  });

  it('refuses a range vector, which no threshold applies to', async () => {
    const result = await run(check({ query: `${ERROR_RATIO}[10s]` }));
    assert.equal(result.status, 'failed');
    assert.equal(
      result.reason,
      'failed after 1 attempt: query returned a matrix; a threshold needs an instant vector or a scalar',
    );
  });

  it('fails, saying so, when nothing answers at the Prometheus URL', async () => {
    const result = await run(check({ prometheusUrl: `http://127.0.0.1:${await freePort()}` }));
    assert.equal(result.status, 'failed');
    assert.match(result.reason, /^failed after 1 attempt: Prometheus did not answer: fetch failed: .*ECONNREFUSED/);
  });
});
