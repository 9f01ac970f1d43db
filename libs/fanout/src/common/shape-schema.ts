import { JsonShape } from './json-shape';

/** The part of an OpenAPI 3 schema object a JSON shape is described with. */
export interface ShapeSchema {
  type?: 'string' | 'number' | 'boolean' | 'object' | 'array';
  enum?: string[];
  items?: ShapeSchema;
  properties?: Record<string, ShapeSchema>;
  additionalProperties?: ShapeSchema;
  required?: string[];
  oneOf?: ShapeSchema[];
  discriminator?: { propertyName: string };
}

/**
 * The OpenAPI schema of a JSON shape, so that the API document describes a deployment's placement,
 * strategy and overrides field by field from the same shapes their check uses. A tagged shape is a
 * `oneOf` of its variants, each with its tag as a one-value enum.
 */
export function schemaOfShape(shape: JsonShape): ShapeSchema {
  switch (shape.type) {
    case 'any':
      return {};
    case 'string':
    case 'number':
    case 'boolean':
    case 'object':
      return { type: shape.type };
    case 'array':
      return { type: 'array', items: schemaOfShape(shape.items) };
    case 'map':
      return { type: 'object', additionalProperties: schemaOfShape(shape.values) };
    case 'fields':
      return objectSchema(shape.fields);
    case 'tagged':
      return {
        oneOf: Object.entries(shape.variants).map(([value, fields]) =>
          objectSchema(fields, { property: shape.tag, value }),
        ),
        discriminator: { propertyName: shape.tag },
      };
  }
}

type Fields = Readonly<Record<string, JsonShape>>;

function objectSchema(fields: Fields, tag?: { property: string; value: string }): ShapeSchema {
  const properties: Record<string, ShapeSchema> = {};
  const required: string[] = [];
  if (tag) {
    properties[tag.property] = { type: 'string', enum: [tag.value] };
    required.push(tag.property);
  }
  for (const [key, field] of Object.entries(fields)) {
    properties[key] = schemaOfShape(field);
    if (field.required) required.push(key);
  }
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}) };
}
