import { ErrorDetail } from './fanout-error';

/**
 * The JSON shape of a stage's input, checked before its rules read it: the API takes placement,
 * strategy and overrides as JSON, and a value of the wrong type deep inside one (a string where a list
 * belongs) must come back as that field's problem, not fail inside the rules that trust the types.
 * Fields a shape does not name are left to the rules, and so are a missing optional field and an unknown
 * variant's tag (the rules name the values they accept).
 */
export type JsonShape = (
  | { type: 'string' | 'number' | 'boolean' | 'object' | 'any' }
  | { type: 'array'; items: JsonShape }
  | { type: 'map'; values: JsonShape }
  | { type: 'fields'; fields: ShapeFields }
  | { type: 'tagged'; tag: string; variants: Readonly<Record<string, ShapeFields>> }
) & { required?: true };

type ShapeFields = Readonly<Record<string, JsonShape>>;

export const json = {
  string: { type: 'string' } as JsonShape,
  number: { type: 'number' } as JsonShape,
  boolean: { type: 'boolean' } as JsonShape,
  object: { type: 'object' } as JsonShape,
  any: { type: 'any' } as JsonShape,
  array: (items: JsonShape): JsonShape => ({ type: 'array', items }),
  map: (values: JsonShape): JsonShape => ({ type: 'map', values }),
  fields: (fields: ShapeFields): JsonShape => ({ type: 'fields', fields }),
  tagged: (tag: string, variants: Readonly<Record<string, ShapeFields>>): JsonShape => ({
    type: 'tagged',
    tag,
    variants,
  }),
  /** A field the rules read without checking that it is there. */
  required: (shape: JsonShape): JsonShape => ({ ...shape, required: true }),
};

/** Every place `value` differs from `shape`, by field path (`spread[0].minPerDomain`); empty when it fits. */
export function shapeIssues(value: unknown, shape: JsonShape, path = ''): ErrorDetail[] {
  const at = (key: string | number): string =>
    typeof key === 'number' ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`;
  const wrong = (expected: string): ErrorDetail[] => [{ path, message: `must be ${expected}` }];
  switch (shape.type) {
    case 'any':
      return [];
    case 'string':
    case 'boolean':
      return typeof value === shape.type ? [] : wrong(`a ${shape.type}`);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? [] : wrong('a number');
    case 'object':
      return isRecord(value) ? [] : wrong('an object');
    case 'array':
      if (!Array.isArray(value)) return wrong('a list');
      return value.flatMap((item, index) => shapeIssues(item, shape.items, at(index)));
    case 'map':
      if (!isRecord(value)) return wrong('an object');
      return Object.entries(value).flatMap(([key, item]) => shapeIssues(item, shape.values, at(key)));
    case 'fields':
      if (!isRecord(value)) return wrong('an object');
      return fieldIssues(value, shape.fields, at);
    case 'tagged': {
      if (!isRecord(value)) return wrong('an object');
      const tag = value[shape.tag];
      if (typeof tag !== 'string' || !Object.hasOwn(shape.variants, tag)) return [];
      return fieldIssues(value, shape.variants[tag], at);
    }
  }
}

function fieldIssues(value: Record<string, unknown>, fields: ShapeFields, at: (key: string) => string): ErrorDetail[] {
  return Object.entries(fields).flatMap(([key, shape]): ErrorDetail[] => {
    if (value[key] !== undefined) return shapeIssues(value[key], shape, at(key));
    return shape.required ? [{ path: at(key), message: 'is required' }] : [];
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
