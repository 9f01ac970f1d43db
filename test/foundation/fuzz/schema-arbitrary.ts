import fc from 'fast-check';
import { hostileJsonValue } from './hostile-values';

export interface JsonSchema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

export type Schemas = Record<string, JsonSchema>;

/** What generation draws on besides a schema: the document's named schemas, and real values by property path. */
export interface SchemaContext {
  schemas: Schemas;
  /**
   * Values of the running plane for properties at these paths (`application`, `overrides.target.name`:
   * property names from the root, without list indices), so that a generated body reaches past the
   * lookups to the checks that come after them.
   */
  realValues: Record<string, unknown[]>;
  /**
   * `hostile`: any node may be a hostile value instead; `valid`: every node fits the schema; `examples`:
   * every property the schema gives an example for is there with that example (a body that is right as
   * the document shows it, deep inside too).
   */
  mode: 'hostile' | 'valid' | 'examples';
}

// Deep enough for the deepest deployment field (strategy.waves[].select.selector.matchExpressions[].values[]).
const MAX_DEPTH = 9;

/**
 * Values for a schema of the OpenAPI document: mostly what it describes (its examples, enums, formats and
 * bounds), and at any depth, now and then, a hostile value of the wrong type instead.
 */
export function valueOf(schema: JsonSchema, context: SchemaContext, depth = 0, path = ''): fc.Arbitrary<unknown> {
  const valid = describedValue(schema, context, depth, path);
  if (context.mode !== 'hostile') return valid;
  return fc.oneof({ arbitrary: valid, weight: 6 }, { arbitrary: hostileJsonValue(), weight: 1 });
}

/**
 * A value that fits the schema everywhere but at one node, at any depth, which holds a hostile value
 * instead: the wrong type deep inside a body that is otherwise right (generated, or the document's
 * example), so that only that node can be refused.
 */
export function valueWrongAtOneNode(schema: JsonSchema, context: SchemaContext): fc.Arbitrary<unknown> {
  const right = fc.oneof(
    valueOf(schema, { ...context, mode: 'valid' }),
    valueOf(schema, { ...context, mode: 'examples' }),
  );
  return fc.tuple(right, fc.nat(), hostileJsonValue()).map(([value, pick, hostile]) => {
    const paths = nodePaths(value).slice(1);
    return paths.length === 0 ? hostile : replaceAt(value, paths[pick % paths.length], hostile);
  });
}

function describedValue(
  schema: JsonSchema,
  context: SchemaContext,
  depth: number,
  path: string,
): fc.Arbitrary<unknown> {
  if (schema.$ref) return describedValue(context.schemas[schema.$ref.split('/').pop()!] ?? {}, context, depth, path);
  if (schema.example === undefined) return generatedValue(schema, context, depth, path);
  if (context.mode === 'examples') return fc.constant(schema.example);
  return fc.oneof(fc.constant(schema.example), generatedValue(schema, context, depth, path));
}

function generatedValue(schema: JsonSchema, context: SchemaContext, depth: number, path: string) {
  const described = (s: JsonSchema): fc.Arbitrary<unknown> => describedValue(s, context, depth, path);
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives) return fc.oneof(...alternatives.map(described));
  if (schema.allOf && !schema.type && !schema.properties) return fc.oneof(...schema.allOf.map(described));
  if (schema.enum) return fc.constantFrom(...schema.enum);
  return byType(schema, context, depth, path);
}

function byType(schema: JsonSchema, context: SchemaContext, depth: number, path: string): fc.Arbitrary<unknown> {
  switch (schema.type) {
    case 'string':
      return stringFor(schema);
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -10, max: schema.maximum ?? 1000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return depth > MAX_DEPTH
        ? fc.constant([])
        : fc.array(valueOf(schema.items ?? {}, context, depth + 1, path), { maxLength: 3 });
    case 'object':
      return objectFor(schema, context, depth, path);
    default:
      return context.mode === 'hostile' ? hostileJsonValue() : fc.jsonValue({ maxDepth: 2 });
  }
}

function stringFor(schema: JsonSchema): fc.Arbitrary<string> {
  if (schema.format === 'uuid') return fc.uuid();
  if (schema.format === 'date-time') return fc.date({ noInvalidDate: true }).map((date) => date.toISOString());
  const maxLength = Math.min(schema.maxLength ?? 24, 24);
  return fc.oneof(
    fc.stringMatching(/^[a-z][a-z0-9-]{0,14}[a-z0-9]$/),
    fc.string({ minLength: schema.minLength ?? 0, maxLength }),
  );
}

function objectFor(schema: JsonSchema, context: SchemaContext, depth: number, path: string): fc.Arbitrary<unknown> {
  const properties = Object.entries(schema.properties ?? {});
  const values = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
  if (depth > MAX_DEPTH || (properties.length === 0 && !values))
    return fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9.-]{0,10}$/), fc.string({ maxLength: 12 }), { maxKeys: 3 });
  if (properties.length === 0 && values)
    return fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9.-]{0,10}$/), valueOf(values, context, depth + 1, path), {
      maxKeys: 3,
    });
  const required = new Set(schema.required ?? []);
  const present = (name: string, s: JsonSchema) =>
    required.has(name) || (context.mode === 'examples' && s.example !== undefined);
  const record = Object.fromEntries(
    properties.map(([name, s]) => [name, propertyValue(path ? `${path}.${name}` : name, s, context, depth + 1)]),
  );
  return fc.record(record, { requiredKeys: properties.filter(([name, s]) => present(name, s)).map(([name]) => name) });
}

function propertyValue(path: string, schema: JsonSchema, context: SchemaContext, depth: number) {
  const real = context.realValues[path] ?? [];
  const generated = valueOf(schema, context, depth, path);
  if (real.length === 0) return generated;
  return fc.oneof({ arbitrary: fc.constantFrom(...real), weight: 4 }, { arbitrary: generated, weight: 1 });
}

type NodePath = Array<string | number>;

/** The path of every node of a JSON value, the root's (`[]`) first. */
function nodePaths(value: unknown, path: NodePath = []): NodePath[] {
  if (Array.isArray(value)) return [path, ...value.flatMap((item, index) => nodePaths(item, [...path, index]))];
  if (typeof value === 'object' && value !== null)
    return [path, ...Object.entries(value).flatMap(([key, item]) => nodePaths(item, [...path, key]))];
  return [path];
}

/** A copy of `value` with the node at `path` (not the root's) replaced. */
function replaceAt(value: unknown, path: NodePath, replacement: unknown): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  Object.defineProperty(node, path[path.length - 1], {
    value: replacement,
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return copy;
}
