import Ajv2020, { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import { Document, parseDocument } from 'yaml';
import { RunbookDefinition, STEP_TYPES } from './definition';
import { joinPath } from './field-path';
import type { RunbookProblem, RunbookResult } from './runbook-problems';
import { PATTERN_MESSAGES, runbookSchema } from './runbook.schema';

/** Limits on text input: a definition is a page of YAML, not megabytes, and aliases must not multiply it. */
export const RUNBOOK_TEXT_LIMITS = { maxBytes: 512 * 1024, maxAliasExpansions: 100, maxProblems: 50 } as const;

/**
 * How deep a document may nest. A runbook needs about ten levels; a webhook body is free-form, and
 * walking a body nested a hundred thousand levels deep would exhaust the stack of every later stage.
 */
export const MAX_RUNBOOK_DEPTH = 32;

let compiled: ValidateFunction<RunbookDefinition> | undefined;

/** Compiled on first use and kept: compiling takes hundreds of milliseconds, validating microseconds. */
function validator(): ValidateFunction<RunbookDefinition> {
  if (compiled !== undefined) return compiled;
  const ajv = new Ajv2020({
    allErrors: true,
    verbose: true,
    discriminator: true,
    strict: true,
    strictRequired: false,
    allowUnionTypes: true,
  });
  ajv.addKeyword({ keyword: 'x-problem', schemaType: 'string' });
  compiled = ajv.compile<RunbookDefinition>(runbookSchema);
  return compiled;
}

/**
 * Validates a runbook definition against `runbookSchema`. `input` is the parsed document (from JSON) or
 * YAML text (JSON text is YAML too). Returns the typed definition, or problems with field paths and plain
 * messages. Only the schema is checked here; `checkRunbook` checks references and names across steps.
 */
export function parseRunbook(input: unknown): RunbookResult<RunbookDefinition> {
  if (typeof input === 'string') {
    const loaded = loadYaml(input);
    if (!loaded.ok) return loaded;
    input = loaded.value;
  }
  const deepPath = pathPastDepth(input, MAX_RUNBOOK_DEPTH);
  if (deepPath !== undefined) return tooDeep(deepPath);
  const validate = validator();
  if (validate(input)) return { ok: true, value: input };
  const problems = describeErrors(validate.errors ?? [], input);
  return { ok: false, problems: problems.slice(0, RUNBOOK_TEXT_LIMITS.maxProblems) };
}

function loadYaml(text: string): RunbookResult<unknown> {
  if (Buffer.byteLength(text) > RUNBOOK_TEXT_LIMITS.maxBytes)
    return problem('', `is longer than the limit of ${RUNBOOK_TEXT_LIMITS.maxBytes} bytes`);
  let document: Document;
  try {
    document = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  } catch (error) {
    if (error instanceof RangeError) return tooDeep('');
    throw error;
  }
  // Text nested thousands of levels deep overflows the parser's stack; its errors then say only that.
  if (document.errors.some((error) => /call stack|stack overflow/i.test(error.message))) return tooDeep('');
  if (document.errors.length > 0) {
    return {
      ok: false,
      problems: document.errors.map((error) => ({
        path: '',
        message: error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''),
        ...(error.linePos === undefined ? {} : { line: error.linePos[0].line, column: error.linePos[0].col }),
      })),
    };
  }
  try {
    // Bounded alias expansion: a "billion laughs" document must not exhaust the control plane's memory.
    return { ok: true, value: document.toJS({ maxAliasCount: RUNBOOK_TEXT_LIMITS.maxAliasExpansions }) };
  } catch (error) {
    return problem('', error instanceof Error ? error.message : String(error));
  }
}

/** The path of the first value nested deeper than `maxDepth`, found without recursion. */
function pathPastDepth(value: unknown, maxDepth: number): string | undefined {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: '', depth: 0 }];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    if (typeof next.value !== 'object' || next.value === null) continue;
    if (next.depth >= maxDepth) return next.path;
    for (const [key, item] of Object.entries(next.value))
      stack.push({
        value: item,
        path: joinPath(next.path, Array.isArray(next.value) ? Number(key) : key),
        depth: next.depth + 1,
      });
  }
  return undefined;
}

function tooDeep(path: string): RunbookResult<never> {
  return problem(path, `nests deeper than ${MAX_RUNBOOK_DEPTH} levels`);
}

function problem(path: string, message: string): RunbookResult<never> {
  return { ok: false, problems: [{ path, message }] };
}

/**
 * Turns ajv's errors into problems a person reads. Errors beneath a failed `oneOf`/`not` that carries an
 * `x-problem` are its branches' noise, and `if` only says its `then` failed, which has its own error.
 */
function describeErrors(errors: readonly ErrorObject[], data: unknown): RunbookProblem[] {
  const explained = errors.filter((error) => explainedBy(error) !== undefined).map((error) => error.schemaPath);
  const problems: RunbookProblem[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    if (error.keyword === 'if') continue;
    if (explained.some((parent) => error.schemaPath.startsWith(`${parent}/`))) continue;
    const described = describe(error, data);
    if (described === undefined) continue;
    const key = `${described.path}\n${described.message}`;
    if (!seen.has(key)) problems.push(described);
    seen.add(key);
  }
  return problems;
}

function explainedBy(error: ErrorObject): string | undefined {
  const annotation: unknown = error.parentSchema?.['x-problem'];
  return (error.keyword === 'oneOf' || error.keyword === 'not') && typeof annotation === 'string'
    ? annotation
    : undefined;
}

function describe(error: ErrorObject, data: unknown): RunbookProblem | undefined {
  const path = fieldPath(error.instancePath, data);
  const params: Record<string, unknown> = error.params;
  // Errors about a key itself (propertyNames) name the key: `spec.inputs["1x"]`.
  const named = error.propertyName;
  const at = (message: string, key?: string | number) => ({
    path: named !== undefined ? joinPath(path, named) : key === undefined ? path : joinPath(path, key),
    message,
  });
  switch (error.keyword) {
    case 'required':
      return at('is required', String(params.missingProperty));
    case 'dependentRequired':
      return at(`is required with ${String(params.property)}`, String(params.missingProperty));
    case 'additionalProperties':
      return at(`is not a known field${knownFields(error)}`, String(params.additionalProperty));
    case 'discriminator':
      // A missing type is reported by `required`; a type of the wrong kind or name here.
      return params.error === 'tag'
        ? params.tagValue === undefined
          ? undefined
          : at('must be a string', 'type')
        : at(`must be one of ${enumText(STEP_TYPES)}, not ${JSON.stringify(params.tagValue)}`, 'type');
    case 'type':
      return at(`must be ${typeText(params.type)}`);
    case 'enum':
      return at(`must be one of ${enumText(error.schema)}`);
    case 'const':
      return at(`must be ${JSON.stringify(params.allowedValue)}`);
    case 'pattern':
      return at(PATTERN_MESSAGES[String(params.pattern)] ?? `must match ${String(params.pattern)}`);
    case 'propertyNames':
      // Only says that a key failed; the key's own error follows with the reason.
      return undefined;
    case 'oneOf':
    case 'not':
      return at(explainedBy(error) ?? error.message ?? 'is not valid');
    default:
      return at(plainMessage(error));
  }
}

function plainMessage(error: ErrorObject): string {
  const limit = Number(error.params.limit);
  switch (error.keyword) {
    case 'minimum':
      return `must be at least ${limit}`;
    case 'maximum':
      return `must be at most ${limit}`;
    case 'minItems':
      return `must have at least ${limit} item${limit === 1 ? '' : 's'}`;
    case 'maxItems':
      return `must have at most ${limit} items`;
    case 'minLength':
      return limit === 1 ? 'must not be empty' : `must be at least ${limit} characters long`;
    case 'maxLength':
      return `must be at most ${limit} characters long`;
    case 'minProperties':
      return `must have at least ${limit} entr${limit === 1 ? 'y' : 'ies'}`;
    case 'maxProperties':
      return `must have at most ${limit} entries`;
    case 'uniqueItems':
      return `must not repeat an item (items ${Number(error.params.j)} and ${Number(error.params.i)} are equal)`;
    default:
      return error.message ?? 'is not valid';
  }
}

function knownFields(error: ErrorObject): string {
  const properties: unknown = error.parentSchema?.properties;
  if (typeof properties !== 'object' || properties === null) return '';
  return ` (known: ${Object.keys(properties).join(', ')})`;
}

function enumText(values: unknown): string {
  return Array.isArray(values) ? values.map((value) => JSON.stringify(value)).join(', ') : String(values);
}

const TYPE_NAMES: Record<string, string> = {
  object: 'an object',
  array: 'a list',
  string: 'a string',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
};

function typeText(type: unknown): string {
  const types = String(type).split(',');
  // A number-or-reference field: the string it accepts is a whole reference.
  if (types.includes('integer') && types.includes('string')) return 'a whole number or a ${{ … }} reference';
  if (types.includes('object') && types.includes('string')) return 'an object or a ${{ … }} reference';
  return types.map((name) => TYPE_NAMES[name] ?? name).join(' or ');
}

/** `/spec/steps/2/with/clusters` as `spec.steps[2].with.clusters`, indexing only where the data is a list. */
function fieldPath(pointer: string, data: unknown): string {
  if (pointer === '') return '';
  let path = '';
  let node = data;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      path = joinPath(path, Number(segment));
      node = node[Number(segment)];
    } else {
      path = joinPath(path, segment);
      node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[segment] : undefined;
    }
  }
  return path;
}
