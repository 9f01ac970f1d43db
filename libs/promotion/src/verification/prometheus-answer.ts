/** One series of an instant query: its labels and its sample as Prometheus writes it ("0.25", "NaN", "+Inf"). */
export interface PrometheusSeries {
  labels: Record<string, string>;
  value: string;
}

/** What the Prometheus HTTP API answered to an instant query, in the terms a check needs. */
export type PrometheusAnswer =
  | { kind: 'series'; series: PrometheusSeries[] }
  /** A result type a threshold cannot apply to (matrix, string). */
  | { kind: 'unsupported'; resultType: string }
  /** Prometheus's own error payload, verbatim. */
  | { kind: 'error'; errorType: string; error: string }
  /** Not a Prometheus API payload at all (a proxy's error page, a wrong URL). */
  | { kind: 'not-prometheus' };

/**
 * Reads `/api/v1/query`'s JSON. A scalar becomes one series without labels, so "every series satisfies the
 * threshold" covers both result types.
 */
export function parsePrometheusAnswer(payload: unknown): PrometheusAnswer {
  if (!isRecord(payload)) return { kind: 'not-prometheus' };
  if (payload.status === 'error')
    return { kind: 'error', errorType: String(payload.errorType ?? 'unknown'), error: String(payload.error ?? '') };
  if (payload.status !== 'success' || !isRecord(payload.data)) return { kind: 'not-prometheus' };
  const { resultType, result } = payload.data;
  if (resultType === 'scalar') {
    const value = sampleValue(result);
    return value === undefined ? { kind: 'not-prometheus' } : { kind: 'series', series: [{ labels: {}, value }] };
  }
  if (resultType !== 'vector') return { kind: 'unsupported', resultType: String(resultType) };
  if (!Array.isArray(result)) return { kind: 'not-prometheus' };
  const series: PrometheusSeries[] = [];
  for (const entry of result) {
    const value = isRecord(entry) ? sampleValue(entry.value) : undefined;
    if (!isRecord(entry) || value === undefined) return { kind: 'not-prometheus' };
    series.push({ labels: stringLabels(entry.metric), value });
  }
  return { kind: 'series', series };
}

/** A sample is `[unixSeconds, "value"]`. */
function sampleValue(sample: unknown): string | undefined {
  return Array.isArray(sample) && sample.length === 2 && typeof sample[1] === 'string' ? sample[1] : undefined;
}

function stringLabels(metric: unknown): Record<string, string> {
  if (!isRecord(metric)) return {};
  return Object.fromEntries(
    Object.entries(metric).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
