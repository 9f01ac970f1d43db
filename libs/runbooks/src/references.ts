import { joinPath } from './field-path';

/**
 * References inside a definition: `${{ inputs.name }}` and `${{ steps.step.outputs.name }}`, optionally
 * negated (`${{ !inputs.dryRun }}`) where a truth value is wanted. One small grammar, shared by the schema
 * (whole-value references), the semantic checks and interpolation.
 */

export type Reference =
  | { kind: 'input'; input: string; negated: boolean }
  | { kind: 'output'; step: string; output: string; negated: boolean };

/** Where a reference was written, in our field-path style (`spec.steps[2].with.clusters`). */
export interface LocatedReference {
  path: string;
  text: string;
  reference: Reference;
}

/** A `${{ … }}` whose content follows no form of the grammar. */
export interface MalformedReference {
  path: string;
  text: string;
}

const INPUT_NAME = '[A-Za-z_][A-Za-z0-9_-]*';
const STEP_NAME = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const OUTPUT_NAME = '[A-Za-z_][A-Za-z0-9_]*';
const EXPRESSION = `!?\\s*(inputs\\.${INPUT_NAME}|steps\\.${STEP_NAME}\\.outputs\\.${OUTPUT_NAME})`;

/** The JSON Schema pattern of a value that is one whole reference and nothing else. */
export const WHOLE_REFERENCE_PATTERN = `^\\$\\{\\{\\s*${EXPRESSION}\\s*\\}\\}$`;
/** Input names, as the schema's `propertyNames` pattern. */
export const INPUT_NAME_PATTERN = `^${INPUT_NAME}$`;

const expression = new RegExp(`^\\s*${EXPRESSION}\\s*$`);
const anyPlaceholder = /\$\{\{(.*?)\}\}/g;

/** Parses the inside of `${{ … }}`; undefined when it is not a reference. */
export function parseExpression(content: string): Reference | undefined {
  if (!expression.test(content)) return undefined;
  const trimmed = content.trim();
  const negated = trimmed.startsWith('!');
  const parts = trimmed.replace(/^!\s*/, '').split('.');
  if (parts[0] === 'inputs') return { kind: 'input', input: parts[1], negated };
  return { kind: 'output', step: parts[1], output: parts[3], negated };
}

/** The reference a value consists of entirely, or undefined when it is anything else. */
export function parseWholeReference(text: string): Reference | undefined {
  const whole = /^\$\{\{(.*)\}\}$/s.exec(text);
  return whole === null || whole[1].includes('}}') ? undefined : parseExpression(whole[1]);
}

/** Renders a reference back in its canonical text, for messages. */
export function formatReference(reference: Reference): string {
  const bang = reference.negated ? '!' : '';
  const target =
    reference.kind === 'input' ? `inputs.${reference.input}` : `steps.${reference.step}.outputs.${reference.output}`;
  return `\${{ ${bang}${target} }}`;
}

/**
 * Every reference in a value, walking objects and arrays; `path` is where the value sits. Strings may hold
 * several references among other text. Placeholders that are not references come back as malformed.
 */
export function collectReferences(
  value: unknown,
  path: string,
): { references: LocatedReference[]; malformed: MalformedReference[] } {
  const found = { references: [] as LocatedReference[], malformed: [] as MalformedReference[] };
  walk(value, path, found);
  return found;
}

function walk(
  value: unknown,
  path: string,
  found: { references: LocatedReference[]; malformed: MalformedReference[] },
): void {
  if (typeof value === 'string') {
    for (const match of value.matchAll(anyPlaceholder)) {
      const reference = parseExpression(match[1]);
      if (reference === undefined) found.malformed.push({ path, text: match[0] });
      else found.references.push({ path, text: match[0], reference });
    }
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => walk(item, `${path}[${index}]`, found));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) walk(item, joinPath(path, key), found);
  }
}
