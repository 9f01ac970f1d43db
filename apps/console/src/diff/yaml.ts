/**
 * JSON values as block YAML for reading (not for round trips): keys in their order, strings quoted only
 * when plain YAML would read them as something else, multi-line strings as literal blocks.
 */
export function toYaml(value: unknown): string {
  return lines(value, 0).join('\n') + '\n';
}

/** Kubernetes' own reading order first; the database returns keys in its own (jsonb) order. */
const LEADING_KEYS = ['apiVersion', 'kind', 'metadata', 'name', 'namespace', 'labels', 'annotations', 'type'];

/** An object's YAML with its identity first: apiVersion, kind, then metadata with name and namespace first. */
export function manifestYaml(object: Record<string, unknown>): string {
  const metadata = object.metadata;
  return toYaml(leading({ ...object, ...(isObject(metadata) ? { metadata: leading(metadata) } : {}) }));
}

function leading(object: Record<string, unknown>): Record<string, unknown> {
  const first = LEADING_KEYS.filter((key) => key in object);
  return Object.fromEntries(
    [...first, ...Object.keys(object).filter((key) => !first.includes(key))].map((key) => [key, object[key]]),
  );
}

function lines(value: unknown, indent: number): string[] {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${pad}[]`];
    return value.flatMap((item) => {
      const [first, ...rest] = isContainer(item) ? lines(item, indent + 2) : [`${pad}  ${scalar(item, indent + 2)}`];
      return [`${pad}- ${first.slice(indent + 2)}`, ...rest];
    });
  }
  if (isObject(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return [`${pad}{}`];
    return entries.flatMap(([key, item]) =>
      isContainer(item) && !isEmpty(item)
        ? [`${pad}${plainKey(key)}:`, ...lines(item, Array.isArray(item) ? indent : indent + 2)]
        : [
            `${pad}${plainKey(key)}: ${isContainer(item) ? (Array.isArray(item) ? '[]' : '{}') : scalar(item, indent + 2)}`,
          ],
    );
  }
  return [`${pad}${scalar(value, indent)}`];
}

function scalar(value: unknown, indent: number): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value !== 'string') return String(value);
  if (value.includes('\n')) {
    const body = value.replace(/\n$/, '').split('\n');
    const chomp = value.endsWith('\n') ? '' : '-';
    return [`|${chomp}`, ...body.map((line) => (line ? ' '.repeat(indent) + line : ''))].join('\n');
  }
  return needsQuotes(value) ? JSON.stringify(value) : value;
}

/** Plain scalars YAML 1.2 or 1.1 readers would take for another type, or that its syntax would split. */
function needsQuotes(text: string): boolean {
  return (
    text === '' ||
    /^(?:true|false|yes|no|on|off|y|n|null|~)$/i.test(text) ||
    /^[-+]?(?:\d[\d_]*(?:\.\d*)?(?:e[-+]?\d+)?|\.\d+|0x[\da-f]+|0o[0-7]+|\.inf|\.nan)$/i.test(text) ||
    /^[\s\-?:,[\]{}#&*!|>'"%@`]/.test(text) ||
    /:\s|\s#|\s$/.test(text)
  );
}

function plainKey(key: string): string {
  return needsQuotes(key) ? JSON.stringify(key) : key;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isContainer(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

function isEmpty(value: object): boolean {
  return Object.keys(value).length === 0;
}
