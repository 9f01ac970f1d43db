import type { InputValue, ReferenceText } from './definition';
import { joinPath } from './field-path';
import { Reference, formatReference, parseExpression, parseWholeReference } from './references';
import { RunbookError } from './runbooks.errors';

/** What a completed step recorded under each of its outputs. */
export type OutputValue = string | number | boolean | string[] | null;

/** The values references resolve against when a step starts. */
export interface ReferenceContext {
  /** Every input of the run, defaults applied. */
  inputs: Readonly<Record<string, InputValue>>;
  /** Outputs of the completed steps, by step name; skipped and failed steps have none. */
  outputs: Readonly<Record<string, Readonly<Record<string, OutputValue>>>>;
}

export type ReferenceValue = InputValue | OutputValue;

/** `T` with every whole-value reference replaced by the value it names, and other strings still strings. */
export type Resolved<T> = T extends ReferenceText
  ? ReferenceValue
  : T extends string | number | boolean | null | undefined
    ? T
    : T extends ReadonlyArray<infer Item>
      ? Resolved<Item>[]
      : { [Key in keyof T]: Resolved<T[Key]> };

/**
 * Resolves the references in a step's parameters (or any part of them). A string that is one whole
 * reference becomes the value itself (a list stays a list, a number a number); references inside longer
 * text are written into it (a list as comma-separated names). Throws RunbookError REFERENCE_UNRESOLVED,
 * naming the field, when an input is missing or a step has no such output (it was skipped or failed).
 * `path` is where `value` sits, for that error.
 */
export function interpolate<T>(value: T, context: ReferenceContext, path = ''): Resolved<T> {
  // The walk keeps the shape of `value` and only swaps reference strings, which is what Resolved<T> says.
  return resolveValue(value, context, path) as Resolved<T>;
}

/**
 * Whether a step's `condition` (or a wait's `until`) holds: its reference is truthy (true, a non-zero
 * number, a non-empty string or list), negated by `!`. A reference to a skipped or failed step's output is
 * false rather than an error: "run this if the replica was promoted" must not fail when it was not.
 */
export function evaluateCondition(condition: ReferenceText, context: ReferenceContext, path = 'condition'): boolean {
  const reference = parseWholeReference(condition);
  if (reference === undefined) throw unresolved(path, `${condition} is not a reference`);
  const value = rawValue(reference, context);
  if (value === undefined && reference.kind === 'input') throw missing(reference, path);
  return reference.negated ? !truthy(value) : truthy(value);
}

function truthy(value: ReferenceValue | undefined): boolean {
  return Array.isArray(value) ? value.length > 0 : Boolean(value);
}

function resolveValue(value: unknown, context: ReferenceContext, path: string): unknown {
  if (typeof value === 'string') return resolveText(value, context, path);
  if (Array.isArray(value)) return value.map((item, index) => resolveValue(item, context, `${path}[${index}]`));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, resolveValue(item, context, joinPath(path, key))]),
  );
}

function resolveText(text: string, context: ReferenceContext, path: string): unknown {
  const whole = parseWholeReference(text);
  if (whole !== undefined) return lookup(whole, context, path);
  return text.replace(/\$\{\{(.*?)\}\}/g, (placeholder, content: string) => {
    const reference = parseExpression(content);
    if (reference === undefined) throw unresolved(path, `${placeholder} is not a reference`);
    const found = lookup(reference, context, path);
    return Array.isArray(found) ? found.join(',') : String(found ?? '');
  });
}

function lookup(reference: Reference, context: ReferenceContext, path: string): ReferenceValue {
  const value = rawValue(reference, context);
  if (value === undefined) throw missing(reference, path);
  return reference.negated ? !truthy(value) : value;
}

function rawValue(reference: Reference, context: ReferenceContext): ReferenceValue | undefined {
  return reference.kind === 'input'
    ? context.inputs[reference.input]
    : context.outputs[reference.step]?.[reference.output];
}

function missing(reference: Reference, path: string): RunbookError {
  const why = reference.kind === 'input' ? 'the run has no such input' : `step "${reference.step}" has not recorded it`;
  return unresolved(path, `${formatReference(reference)} has no value: ${why}`);
}

function unresolved(path: string, message: string): RunbookError {
  return new RunbookError('REFERENCE_UNRESOLVED', message, path);
}
