import { Field, Type } from 'protobufjs';
import { JsonObject } from '../api/types';
import { SpecialMessage, jsonFieldsOf, openApiSchemaName, specialMessageOf } from './kube-schemas';

// OpenAPI v3 component schemas generated from the vendored generated.proto files. Their field comments are
// the Go doc comments upstream's OpenAPI descriptions are generated from, so kubectl explain prints the same
// text. As upstream's generator does, lines starting with "+" (code-generation markers) are dropped, and a
// line of "---" ends the documentation: what follows is a note for the type's maintainers.

const SCALARS: Record<string, JsonObject> = {
  string: { type: 'string' },
  bool: { type: 'boolean' },
  int32: { type: 'integer', format: 'int32' },
  int64: { type: 'integer', format: 'int64' },
  double: { type: 'number', format: 'double' },
  float: { type: 'number', format: 'float' },
  bytes: { type: 'string', format: 'byte' },
};

const SPECIAL_SCHEMAS: Record<SpecialMessage, JsonObject> = {
  quantity: { type: 'string' },
  intOrString: { type: 'string', format: 'int-or-string', 'x-kubernetes-int-or-string': true },
  time: { type: 'string', format: 'date-time' },
  microTime: { type: 'string', format: 'date-time' },
  duration: { type: 'string' },
  fieldsV1: { type: 'object' },
  rawExtension: { type: 'object' },
};

/** The properties every kind has in JSON but its message lacks (TypeMeta is not part of the proto). */
const TYPE_META: JsonObject = {
  apiVersion: {
    description:
      'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources',
    type: 'string',
  },
  kind: {
    description:
      'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds',
    type: 'string',
  },
};

/** A proto comment as an OpenAPI description: markers dropped, lines of a paragraph joined as upstream joins them. */
export function descriptionOf(comment: string | null): string | undefined {
  if (!comment) return undefined;
  const paragraphs: string[][] = [[]];
  for (const line of comment.split('\n')) {
    const text = line.trim();
    if (text === '---') break;
    if (text.startsWith('+')) continue;
    if (text === '') paragraphs.push([]);
    else paragraphs[paragraphs.length - 1].push(text);
  }
  const description = paragraphs
    .filter((lines) => lines.length > 0)
    .map((lines) => lines.join(' '))
    .join('\n\n');
  return description || undefined;
}

function withDescription(schema: JsonObject, comment: string | null): JsonObject {
  const description = descriptionOf(comment);
  return description ? { description, ...schema } : schema;
}

function reference(type: Type): JsonObject {
  return { $ref: `#/components/schemas/${openApiSchemaName(type)}` };
}

function valueSchema(field: Field, pending: Type[]): JsonObject {
  const resolved = field.resolvedType;
  if (resolved instanceof Type) {
    pending.push(resolved);
    return reference(resolved);
  }
  return SCALARS[field.type] ?? { type: 'string' };
}

function fieldSchema(field: Field, pending: Type[]): JsonObject {
  const value = valueSchema(field, pending);
  if (field.map) return withDescription({ type: 'object', additionalProperties: value }, field.comment);
  if (field.repeated) return withDescription({ type: 'array', items: value }, field.comment);
  // As upstream: a described reference is wrapped in allOf, since $ref siblings are ignored in OpenAPI 3.0.
  if (value.$ref !== undefined && descriptionOf(field.comment)) {
    return withDescription({ allOf: [value], default: {} }, field.comment);
  }
  return withDescription(value, field.comment);
}

function messageSchema(type: Type, pending: Type[], extraProperties: JsonObject = {}): JsonObject {
  const special = specialMessageOf(type);
  if (special) return withDescription(SPECIAL_SCHEMAS[special], type.comment);
  const properties: JsonObject = { ...extraProperties };
  for (const [name, field] of jsonFieldsOf(type)) properties[name] = fieldSchema(field, pending);
  return withDescription({ type: 'object', properties }, type.comment);
}

export interface KindSchema {
  type: Type;
  group: string;
  version: string;
  kind: string;
}

/** The component schemas of the given kinds and of every message they reference, transitively. */
export function openApiSchemas(kinds: KindSchema[]): JsonObject {
  const schemas: JsonObject = {};
  const pending: Type[] = [];
  for (const { type, group, version, kind } of kinds) {
    schemas[openApiSchemaName(type)] = {
      ...messageSchema(type, pending, TYPE_META),
      'x-kubernetes-group-version-kind': [{ group, version, kind }],
    };
  }
  for (let next = pending.pop(); next; next = pending.pop()) {
    const name = openApiSchemaName(next);
    if (schemas[name] === undefined) schemas[name] = messageSchema(next, pending);
  }
  return schemas;
}
