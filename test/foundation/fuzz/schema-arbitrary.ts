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

/**
 * Values for a schema of the OpenAPI document: mostly what it describes (its examples, enums, formats and
 * bounds), and at any depth, now and then, a hostile value of the wrong type instead.
 */
export function valueOf(schema: JsonSchema, schemas: Schemas, depth = 0): fc.Arbitrary<unknown> {
  const valid = describedValue(schema, schemas, depth);
  return fc.oneof({ arbitrary: valid, weight: 6 }, { arbitrary: hostileJsonValue(), weight: 1 });
}

function describedValue(schema: JsonSchema, schemas: Schemas, depth: number): fc.Arbitrary<unknown> {
  if (schema.$ref) return describedValue(schemas[schema.$ref.split('/').pop()!] ?? {}, schemas, depth);
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives) return fc.oneof(...alternatives.map((s) => describedValue(s, schemas, depth)));
  if (schema.allOf && !schema.type && !schema.properties)
    return fc.oneof(...schema.allOf.map((s) => describedValue(s, schemas, depth)));
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const generated = byType(schema, schemas, depth);
  return schema.example === undefined ? generated : fc.oneof(fc.constant(schema.example), generated);
}

function byType(schema: JsonSchema, schemas: Schemas, depth: number): fc.Arbitrary<unknown> {
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
      return depth > 4 ? fc.constant([]) : fc.array(valueOf(schema.items ?? {}, schemas, depth + 1), { maxLength: 3 });
    case 'object':
      return objectFor(schema, schemas, depth);
    default:
      return hostileJsonValue();
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

function objectFor(schema: JsonSchema, schemas: Schemas, depth: number): fc.Arbitrary<unknown> {
  const properties = Object.entries(schema.properties ?? {});
  if (properties.length === 0 || depth > 4)
    return fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9.-]{0,10}$/), fc.string({ maxLength: 12 }), { maxKeys: 3 });
  const required = new Set(schema.required ?? []);
  const record = Object.fromEntries(properties.map(([name, s]) => [name, valueOf(s, schemas, depth + 1)]));
  return fc.record(record, { requiredKeys: properties.map(([name]) => name).filter((name) => required.has(name)) });
}
