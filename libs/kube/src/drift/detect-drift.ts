import { listKeyFor, keyOf } from './list-keys';
import { sameQuantity } from './quantity';

export interface DriftedField {
  /** e.g. `spec.template.spec.containers[name=api].image`; associative list items are addressed by key. */
  path: string;
  expected: unknown;
  /** Undefined when the field is missing from the live object. */
  actual: unknown;
}

export interface DriftOptions {
  /** Field paths (and everything below them) not to compare, e.g. `spec.replicas` under an HPA. */
  ignorePaths?: readonly string[];
}

type JsonRecord = Record<string, unknown>;

// Set by the API server, never ours even if a manifest carries them (kubectl's dry-run output does).
const serverPopulated = new Set([
  'status',
  'metadata.creationTimestamp',
  'metadata.resourceVersion',
  'metadata.uid',
  'metadata.generation',
  'metadata.managedFields',
  'metadata.selfLink',
  'metadata.deletionTimestamp',
  'metadata.deletionGracePeriodSeconds',
]);

/**
 * Compares what we applied with what the cluster has, restricted to the fields we applied, as our
 * server-side-apply field manager owns them: fields others added or the server defaulted are not drift.
 */
export function detectDrift(applied: JsonRecord, live: JsonRecord, options: DriftOptions = {}): DriftedField[] {
  const drift: DriftedField[] = [];
  const ignored = new Set([...serverPopulated, ...(options.ignorePaths ?? [])]);
  compareObject(secretAsStored(applied), live, '', drift, ignored);
  return drift;
}

function compareObject(
  applied: JsonRecord,
  live: JsonRecord,
  path: string,
  drift: DriftedField[],
  ignored: Set<string>,
): void {
  for (const [field, expected] of Object.entries(applied)) {
    const fieldPath =
      path === '' ? field : /^[A-Za-z_][\w-]*$/.test(field) ? `${path}.${field}` : `${path}[${JSON.stringify(field)}]`;
    if (ignored.has(fieldPath)) continue;
    compareValue(expected, live[field], fieldPath, field, drift, ignored);
  }
}

function compareValue(
  expected: unknown,
  actual: unknown,
  path: string,
  field: string,
  drift: DriftedField[],
  ignored: Set<string>,
): void {
  if (expected === undefined) return;
  // Null in an apply asks for the field to be absent.
  if (expected === null) {
    if (actual !== undefined && actual !== null) drift.push({ path, expected: null, actual });
    return;
  }
  if (actual === undefined || actual === null) {
    // The API server drops empty maps, lists and strings; sending them expressed no value.
    if (!isEmpty(expected)) drift.push({ path, expected, actual: undefined });
    return;
  }
  if (isRecord(expected)) {
    if (isRecord(actual)) compareObject(expected, actual, path, drift, ignored);
    else drift.push({ path, expected, actual });
    return;
  }
  if (Array.isArray(expected)) {
    if (Array.isArray(actual)) compareList(expected, actual, path, field, drift, ignored);
    else drift.push({ path, expected, actual });
    return;
  }
  if (expected === actual) return;
  if (isQuantityPath(path) && sameQuantity(expected, actual)) return;
  drift.push({ path, expected, actual });
}

function compareList(
  expected: unknown[],
  actual: unknown[],
  path: string,
  field: string,
  drift: DriftedField[],
  ignored: Set<string>,
): void {
  const key = listKeyFor(field, expected);
  const keyed = key !== undefined && expected.every((item) => keyOf(item, key) !== undefined);
  if (!keyed) {
    if (!sameAtomicList(expected, actual, path)) drift.push({ path, expected, actual });
    return;
  }
  const liveByKey = new Map(actual.map((item) => [keyOf(item, key), item] as const));
  for (const item of expected) {
    const itemKey = keyOf(item, key);
    compareValue(item, liveByKey.get(itemKey), `${path}[${itemKey}]`, '', drift, ignored);
  }
}

function sameAtomicList(expected: unknown[], actual: unknown[], path: string): boolean {
  if (expected.length !== actual.length) return false;
  return expected.every((item, index) => {
    const inner: DriftedField[] = [];
    compareValue(item, actual[index], `${path}[${index}]`, '', inner, new Set());
    return inner.length === 0;
  });
}

function isQuantityPath(path: string): boolean {
  return /(^|\.)resources\.(limits|requests)(\.|\[)/.test(path) || /(^|\.)spec\.hard(\.|\[)/.test(path);
}

function isEmpty(value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 0;
  if (isRecord(value)) return Object.keys(value).length === 0;
  return value === '';
}

function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A Secret's stringData is write-only: the cluster stores it base64-encoded under data. */
function secretAsStored(applied: JsonRecord): JsonRecord {
  const stringData = applied['stringData'];
  if (applied['kind'] !== 'Secret' || !isRecord(stringData)) return applied;
  const encoded = Object.fromEntries(
    Object.entries(stringData).map(([key, value]) => [key, Buffer.from(String(value), 'utf8').toString('base64')]),
  );
  const stored: JsonRecord = {
    ...applied,
    data: { ...(isRecord(applied['data']) ? applied['data'] : {}), ...encoded },
  };
  delete stored['stringData'];
  return stored;
}
