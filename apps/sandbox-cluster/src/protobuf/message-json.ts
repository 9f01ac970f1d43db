import { Field, IConversionOptions, Type } from 'protobufjs';
import { JsonObject, JsonValue } from '../api/types';
import { SpecialMessage, isInlineField, omitsZero, specialMessageOf } from '../schemas/kube-schemas';

// Turns a decoded Kubernetes message into the JSON the API server would have decoded from the same object.
// Go's JSON drops empty strings and zero times (omitempty), so they are dropped here too; zero numbers and
// false are dropped only for the value fields upstream tags omitempty, since on the wire a pointer field set
// to 0 or false (replicas: 0) looks the same as a value field left at its zero.

/** toObject options: only fields present on the wire, 64-bit integers as numbers, bytes as base64. */
export const PRESENT_FIELDS_ONLY: IConversionOptions = { longs: Number, bytes: String, defaults: false };

type Plain = Record<string, unknown>;

function isPlain(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The JSON object for a decoded message, given its plain form from `type.toObject(message, PRESENT_FIELDS_ONLY)`. */
export function messageToJson(type: Type, plain: Plain): JsonObject {
  const json: JsonObject = {};
  for (const field of type.fieldsArray) {
    const value = plain[field.name];
    if (value === undefined || value === null) continue;
    if (isInlineField(field) && field.resolvedType instanceof Type && isPlain(value)) {
      Object.assign(json, messageToJson(field.resolvedType, value));
      continue;
    }
    const converted = fieldToJson(field, value);
    if (converted !== undefined) json[field.name] = converted;
  }
  return json;
}

function fieldToJson(field: Field, value: unknown): JsonValue | undefined {
  if (field.map && isPlain(value)) {
    const entries: JsonObject = {};
    for (const [key, entry] of Object.entries(value)) entries[key] = valueToJson(field, entry) ?? null;
    return entries;
  }
  if (field.repeated && Array.isArray(value)) return value.map((item) => valueToJson(field, item) ?? null);
  const converted = valueToJson(field, value);
  if (converted === '' || ((converted === 0 || converted === false) && omitsZero(field))) return undefined;
  return converted;
}

function valueToJson(field: Field, value: unknown): JsonValue | undefined {
  const resolved = field.resolvedType;
  if (resolved instanceof Type && isPlain(value)) {
    const special = specialMessageOf(resolved);
    return special ? specialToJson(special, value) : messageToJson(resolved, value);
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return undefined;
}

function specialToJson(special: SpecialMessage, value: Plain): JsonValue | undefined {
  switch (special) {
    case 'quantity':
      return typeof value.string === 'string' && value.string !== '' ? value.string : undefined;
    case 'intOrString':
      if (value.type === 1) return typeof value.strVal === 'string' ? value.strVal : '';
      return typeof value.intVal === 'number' && value.intVal !== 0 ? value.intVal : undefined;
    case 'time':
    case 'microTime':
      return timeToJson(Number(value.seconds ?? 0), Number(value.nanos ?? 0), special === 'microTime');
    case 'duration':
      return goDuration(Number(value.duration ?? 0));
    case 'fieldsV1':
      return rawJson(value.Raw);
    case 'rawExtension':
      return rawJson(value.raw);
  }
}

/** RFC 3339 as metav1.Time (whole seconds) and metav1.MicroTime (microseconds) marshal it; zero is absent. */
export function timeToJson(seconds: number, nanos: number, micro: boolean): string | undefined {
  if (seconds === 0 && nanos === 0) return undefined;
  const whole = new Date(seconds * 1000).toISOString().slice(0, 19);
  return micro ? `${whole}.${String(Math.floor(nanos / 1000)).padStart(6, '0')}Z` : `${whole}Z`;
}

const DURATION_UNITS: Array<[string, number]> = [
  ['h', 3_600_000_000_000],
  ['m', 60_000_000_000],
];

/** A metav1.Duration as Go's time.Duration.String() prints it: "1h30m0s", "2.5s", "0s". */
export function goDuration(nanoseconds: number): string {
  if (nanoseconds === 0) return '0s';
  const sign = nanoseconds < 0 ? '-' : '';
  let rest = Math.abs(nanoseconds);
  if (rest < 1_000_000_000) {
    const [unit, size] = rest < 1_000 ? ['ns', 1] : rest < 1_000_000 ? ['µs', 1_000] : ['ms', 1_000_000];
    return `${sign}${rest / size}${unit}`;
  }
  let text = '';
  for (const [unit, size] of DURATION_UNITS) {
    const count = Math.floor(rest / size);
    if (count > 0 || text) text += `${count}${unit}`;
    rest -= count * size;
  }
  return `${sign}${text}${rest / 1_000_000_000}s`;
}

function rawJson(base64: unknown): JsonValue | undefined {
  if (typeof base64 !== 'string' || base64 === '') return undefined;
  return JSON.parse(Buffer.from(base64, 'base64').toString('utf8')) as JsonValue;
}
