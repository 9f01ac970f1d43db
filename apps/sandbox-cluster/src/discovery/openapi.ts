import { createHash } from 'node:crypto';
import { ResourceCatalog, ResourceType, apiVersionOf } from '../api/resource-catalog';
import { JsonObject } from '../api/types';
import { messageTypeOf } from '../schemas/kube-schemas';
import { KindSchema, openApiSchemas } from '../schemas/openapi-schemas';

// kubectl reads the OpenAPI v3 documents to learn whether the server validates fields itself
// (the fieldValidation query parameter on PATCH): when it does, kubectl skips client-side schema
// validation. kubectl explain prints their schemas: built-in kinds carry the real ones, generated from
// the vendored generated.proto files; kinds defined by CustomResourceDefinitions are open objects.
// Strategic merge patch content types are deliberately not advertised, so kubectl computes its
// three-way patches from its compiled-in types, which know every merge key.

function groupVersionPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

function schemaName(type: ResourceType): string {
  const group = type.group ? type.group.split('.').reverse().join('.') : 'core';
  return `io.k8s.api.${group}.${type.version}.${type.kind}`;
}

function kindSchemaOf(type: ResourceType): KindSchema | undefined {
  const message = type.builtIn ? messageTypeOf(apiVersionOf(type), type.kind) : undefined;
  return message && { type: message, group: type.group, version: type.version, kind: type.kind };
}

/** Built-in kinds never change, so their schemas are generated once per group version and shared. */
const builtInSchemas = new Map<string, JsonObject>();

function builtInSchemasOf(group: string, version: string, kinds: KindSchema[]): JsonObject {
  const key = `${group}/${version}`;
  let schemas = builtInSchemas.get(key);
  if (!schemas) {
    schemas = openApiSchemas(kinds);
    builtInSchemas.set(key, schemas);
  }
  return schemas;
}

const QUERY_PARAMETERS = ['dryRun', 'fieldManager', 'fieldValidation', 'force', 'pretty'].map((name) => ({
  name,
  in: 'query',
  schema: { type: name === 'force' ? 'boolean' : 'string', uniqueItems: true },
}));

function operations(type: ResourceType): JsonObject {
  const gvk = { group: type.group, version: type.version, kind: type.kind };
  const schema = { $ref: `#/components/schemas/${schemaName(type)}` };
  const response = { '200': { description: 'OK', content: { 'application/json': { schema } } } };
  const operation = (action: string, extra: JsonObject = {}): JsonObject => ({
    operationId: `${action}${type.kind}`,
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': gvk,
    parameters: QUERY_PARAMETERS,
    responses: response,
    ...extra,
  });
  return {
    get: operation('get'),
    put: operation('put', { requestBody: { content: { 'application/json': { schema } } } }),
    delete: operation('delete'),
    patch: operation('patch', {
      requestBody: {
        content: {
          'application/json-patch+json': { schema: { type: 'object' } },
          'application/merge-patch+json': { schema: { type: 'object' } },
          'application/apply-patch+yaml': { schema: { type: 'object' } },
        },
      },
    }),
  };
}

function objectPath(type: ResourceType): string {
  const prefix = `/${groupVersionPath(type.group, type.version)}`;
  return type.namespaced
    ? `${prefix}/namespaces/{namespace}/${type.resource}/{name}`
    : `${prefix}/${type.resource}/{name}`;
}

export function openApiGroupVersionDocument(
  catalog: ResourceCatalog,
  group: string,
  version: string,
): JsonObject | undefined {
  const types = catalog.inGroupVersion(group, version);
  if (types.length === 0) return undefined;
  const paths: JsonObject = {};
  const kinds: KindSchema[] = [];
  const openSchemas: JsonObject = {};
  for (const type of types) {
    paths[objectPath(type)] = operations(type);
    const kind = kindSchemaOf(type);
    if (kind) kinds.push(kind);
    else
      openSchemas[schemaName(type)] = {
        type: 'object',
        'x-kubernetes-group-version-kind': [{ group: type.group, version: type.version, kind: type.kind }],
        'x-kubernetes-preserve-unknown-fields': true,
      };
  }
  const schemas = { ...builtInSchemasOf(group, version, kinds), ...openSchemas };
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.32.0' }, paths, components: { schemas } };
}

/** The OpenAPI v3 index; each entry's hash changes when the group version's resources do. */
export function openApiIndex(catalog: ResourceCatalog): JsonObject {
  const paths: JsonObject = {};
  for (const [group, versions] of catalog.groups()) {
    for (const version of versions) {
      const names = catalog
        .inGroupVersion(group, version)
        .map((type) => `${type.resource}:${type.kind}`)
        .join(',');
      const hash = createHash('sha256').update(names).digest('hex').slice(0, 32).toUpperCase();
      const path = groupVersionPath(group, version);
      paths[path] = { serverRelativeURL: `/openapi/v3/${path}?hash=${hash}` };
    }
  }
  return { paths };
}
