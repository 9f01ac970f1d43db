import { Type } from 'protobufjs';
import { PatchType, Subresource } from '../api/cluster-api';
import { ResourceType, apiVersionOf } from '../api/resource-catalog';
import { isJsonObject } from '../api/types';
import { messageTypeOf } from '../schemas/kube-schemas';
import {
  duplicateFieldPaths,
  enforceFieldValidation,
  fieldProblems,
  fieldValidationOf,
  unknownFieldPaths,
} from '../validation/field-validation';
import { ObjectBody } from './media-types';

// Custom resources are not checked: the sandbox keeps no structural schema of their CustomResourceDefinitions.
// Server-side apply bodies are not checked either (upstream refuses their unknown fields in its own words).
// Created and updated objects lose the fields their kind does not declare, as upstream's typed decoding
// drops them; patches are checked but not pruned, since what they add is merged into the stored object.

function schemaOf(type: ResourceType, subresource: Subresource | undefined): Type | undefined {
  if (!type.builtIn) return undefined;
  return subresource === 'scale'
    ? messageTypeOf('autoscaling/v1', 'Scale')
    : messageTypeOf(apiVersionOf(type), type.kind);
}

/**
 * Checks a create or update body against the kind's schema under the request's fieldValidation directive;
 * returns the warnings to send, or rejects (Strict) with the API server's 400.
 */
export function checkObjectFields(
  type: ResourceType,
  subresource: Subresource | undefined,
  body: ObjectBody,
  query: URLSearchParams,
): string[] {
  const directive = fieldValidationOf(query);
  const schema = schemaOf(type, subresource);
  if (!schema || !isJsonObject(body.value)) return [];
  if (directive === 'Ignore') {
    unknownFieldPaths(schema, body.value, { prune: true });
    return [];
  }
  const problems = fieldProblems(
    unknownFieldPaths(schema, body.value, { prune: directive === 'Warn' }),
    body.text === undefined ? [] : duplicateFieldPaths(body.text),
  );
  const kind = subresource === 'scale' ? 'Scale' : type.kind;
  const version = subresource === 'scale' ? 'v1' : type.version;
  return enforceFieldValidation(
    directive,
    problems,
    `${kind} in version "${version}" cannot be handled as a ${kind}: `,
  );
}

/** The same for a merge or strategic merge patch, whose body has the object's shape; other patches pass. */
export function checkPatchFields(
  type: ResourceType,
  subresource: Subresource | undefined,
  patchType: PatchType,
  text: string,
  query: URLSearchParams,
): string[] {
  if (patchType !== 'merge' && patchType !== 'strategic') return [];
  const directive = fieldValidationOf(query);
  const schema = directive === 'Ignore' ? undefined : schemaOf(type, subresource);
  if (!schema) return [];
  let patch;
  try {
    patch = JSON.parse(text);
  } catch {
    return []; // the patch itself refuses a malformed body, with its own message
  }
  if (!isJsonObject(patch)) return [];
  return enforceFieldValidation(
    directive,
    fieldProblems(unknownFieldPaths(schema, patch, { patch: true }), duplicateFieldPaths(text)),
  );
}
