import { Type } from 'protobufjs';
import { badRequest } from '../api/api-error';
import { JsonObject, JsonValue, isJsonObject } from '../api/types';
import { jsonFieldsOf, specialMessageOf } from '../schemas/kube-schemas';

// Server-side field validation (the fieldValidation query parameter kubectl >= 1.27 sends): fields a kind's
// schema does not declare and fields a JSON body repeats are refused (Strict), reported in Warning headers
// (Warn, upstream's default) or dropped silently (Ignore), with the API server's messages.

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

const DIRECTIVES: FieldValidation[] = ['Strict', 'Warn', 'Ignore'];

export function fieldValidationOf(query: URLSearchParams): FieldValidation {
  const value = query.get('fieldValidation') ?? 'Warn';
  const directive = DIRECTIVES.find((candidate) => candidate.toLowerCase() === value.toLowerCase());
  if (!directive) {
    throw badRequest(`fieldValidation: Unsupported value: "${value}": supported values: "Ignore", "Strict", "Warn"`);
  }
  return directive;
}

/**
 * The paths of the fields in `object` that its message type does not declare, as upstream names them
 * ("spec.template.spec.containers[0].imagee"); with `prune`, those fields are also removed from `object`,
 * as the API server drops what its types do not declare. A patch's "$" keys are strategic-merge
 * directives, and its nulls delete fields, so neither is checked.
 */
export function unknownFieldPaths(
  type: Type,
  object: JsonObject,
  options: { patch?: boolean; prune?: boolean } = {},
): string[] {
  const found: string[] = [];
  collectUnknown(type, object, '', { patch: options.patch ?? false, prune: options.prune ?? false }, found);
  return found;
}

function collectUnknown(
  type: Type,
  object: JsonObject,
  prefix: string,
  options: { patch: boolean; prune: boolean },
  found: string[],
): void {
  for (const [key, value] of Object.entries(object)) {
    if (prefix === '' && (key === 'apiVersion' || key === 'kind')) continue;
    if (options.patch && (key.startsWith('$') || value === null)) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    const field = jsonFieldsOf(type).get(key);
    if (!field) {
      found.push(path);
      if (options.prune) delete object[key];
      continue;
    }
    const nested = field.resolvedType;
    if (!(nested instanceof Type) || specialMessageOf(nested)) continue;
    const check = (item: JsonValue | undefined, itemPath: string) => {
      if (isJsonObject(item)) collectUnknown(nested, item, itemPath, options, found);
    };
    if (field.map && isJsonObject(value)) {
      for (const [entry, item] of Object.entries(value)) check(item, `${path}[${entry}]`);
    } else if (field.repeated && Array.isArray(value)) value.forEach((item, index) => check(item, `${path}[${index}]`));
    else check(value, path);
  }
}

/** The paths of the keys a well-formed JSON text repeats within one object, in document order. */
export function duplicateFieldPaths(text: string): string[] {
  return new DuplicateScanner(text).scan();
}

class DuplicateScanner {
  private at = 0;
  private readonly found: string[] = [];

  constructor(private readonly text: string) {}

  scan(): string[] {
    this.value('');
    return this.found;
  }

  private value(path: string): void {
    this.skipSpace();
    const next = this.text[this.at];
    if (next === '{') this.object(path);
    else if (next === '[') this.array(path);
    else if (next === '"') this.string();
    else while (this.at < this.text.length && !',}] \t\r\n'.includes(this.text[this.at])) this.at++;
  }

  private object(path: string): void {
    const seen = new Set<string>();
    this.at++;
    this.skipSpace();
    if (this.text[this.at] === '}') {
      this.at++;
      return;
    }
    for (;;) {
      this.skipSpace();
      const key = this.string();
      const keyPath = path ? `${path}.${key}` : key;
      if (seen.has(key)) this.found.push(keyPath);
      seen.add(key);
      this.skipSpace();
      this.at++; // the colon
      this.value(keyPath);
      this.skipSpace();
      if (this.text[this.at++] === '}') return;
    }
  }

  private array(path: string): void {
    this.at++;
    this.skipSpace();
    if (this.text[this.at] === ']') {
      this.at++;
      return;
    }
    for (let index = 0; ; index++) {
      this.value(`${path}[${index}]`);
      this.skipSpace();
      if (this.text[this.at++] === ']') return;
    }
  }

  private string(): string {
    const start = this.at++;
    while (this.at < this.text.length && this.text[this.at] !== '"') this.at += this.text[this.at] === '\\' ? 2 : 1;
    this.at++;
    return JSON.parse(this.text.slice(start, this.at)) as string;
  }

  private skipSpace(): void {
    while (this.at < this.text.length && ' \t\r\n'.includes(this.text[this.at])) this.at++;
  }
}

/** Upstream's text for each problem: unknown fields first, then duplicates. */
export function fieldProblems(unknown: string[], duplicate: string[]): string[] {
  return [...unknown.map((path) => `unknown field "${path}"`), ...duplicate.map((path) => `duplicate field "${path}"`)];
}

/**
 * Applies the directive to the problems found: Strict rejects with upstream's 400 BadRequest (`context`
 * prefixes the message, as "Deployment in version \"v1\" cannot be handled as a Deployment: " on a create);
 * Warn returns the problems for Warning headers; Ignore returns nothing.
 */
export function enforceFieldValidation(directive: FieldValidation, problems: string[], context = ''): string[] {
  if (problems.length === 0 || directive === 'Ignore') return [];
  if (directive === 'Strict') throw badRequest(`${context}strict decoding error: ${problems.join(', ')}`);
  return problems;
}

/** Warning header values (RFC 7234 code 299), as the API server sends one per warning. */
export function warningHeaders(warnings: string[]): Record<string, string[]> {
  return warnings.length > 0 ? { Warning: warnings.map((warning) => `299 - ${JSON.stringify(warning)}`) } : {};
}
