import { applyOperation, JsonPatchError, Operation } from 'fast-json-patch';
import { ErrorDetail } from '../common/fanout-error';
import {
  JsonValue,
  cloneJson,
  isJsonObject,
  KubeObject,
  apiGroupOf,
  describeObject,
  identityKey,
  identityOf,
} from '@fleetplane/objects';
import { ClusterCandidate } from '../placement/cluster-candidate';
import { applyMergePatch } from './merge-patch';
import { overrideIssues } from './override-issues';
import { IndexedOverride, overridesFor } from './override-scope';
import { JsonPatchOperation, ObjectOverride, ObjectTarget } from './override-spec';
import { OverrideError } from './override.errors';

/**
 * Applies the overrides that match `cluster`, in precedence order, to copies of `objects`. Every override
 * is tried before anything is returned; if any does not apply, an OverrideError lists all of them and
 * no partially overridden object escapes.
 */
export function applyOverrides(
  objects: readonly KubeObject[],
  overrides: readonly ObjectOverride[],
  cluster: ClusterCandidate,
): KubeObject[] {
  const structural = overrideIssues(overrides);
  if (structural.length > 0)
    throw new OverrideError(
      'OVERRIDE_INVALID',
      `invalid override: ${structural[0].path} ${structural[0].message}`,
      structural,
    );
  const result = [...objects];
  const details: ErrorDetail[] = [];
  for (const entry of overridesFor(overrides, cluster)) {
    const outcome = applyOne(result, entry, cluster);
    if ('problem' in outcome) details.push(outcome.problem);
    else result[outcome.position] = outcome.object;
  }
  if (details.length > 0) {
    throw new OverrideError(
      'OVERRIDE_NOT_APPLICABLE',
      `${details.length} override(s) do not apply to cluster ${cluster.name}: ${details[0].path} ${details[0].message}`,
      details,
    );
  }
  return result;
}

/** Overrides whose target is missing or ambiguous in the release, whatever cluster they would apply to. */
export function unresolvedTargets(objects: readonly KubeObject[], overrides: readonly ObjectOverride[]): ErrorDetail[] {
  return overrides.flatMap((override, index) => {
    const found = resolveTarget(objects, override.target);
    return typeof found === 'string' ? [{ path: `overrides[${index}].target`, message: found }] : [];
  });
}

type Outcome = { position: number; object: KubeObject } | { problem: ErrorDetail };

function applyOne(
  objects: readonly KubeObject[],
  { index, override }: IndexedOverride,
  cluster: ClusterCandidate,
): Outcome {
  const position = resolveTarget(objects, override.target);
  if (typeof position === 'string') return { problem: { path: `overrides[${index}].target`, message: position } };
  const original = objects[position];
  const outcome: PatchOutcome =
    override.patch.type === 'merge'
      ? { applied: true, value: applyMergePatch(cloneJson(original), override.patch.patch) }
      : applyJsonPatch(original, override.patch.operations);
  if (!outcome.applied) {
    return {
      problem: {
        path: `overrides[${index}].patch.operations[${outcome.failedOperation}]`,
        message: `${outcome.message} (on ${describeObject(original)} for cluster ${cluster.name})`,
      },
    };
  }
  const patched = outcome.value;
  if (
    !isKubeObject(patched) ||
    identityKey(identityOf(patched)) !== identityKey(identityOf(original)) ||
    apiGroupOf(patched.apiVersion) !== apiGroupOf(original.apiVersion)
  ) {
    return {
      problem: {
        path: `overrides[${index}].patch`,
        message: `must not change apiVersion, kind, name or namespace of ${describeObject(original)}`,
      },
    };
  }
  return { position, object: patched };
}

function resolveTarget(objects: readonly KubeObject[], target: ObjectTarget): number | string {
  const matches = objects.flatMap((object, position) => {
    const same =
      object.kind === target.kind &&
      object.metadata.name === target.name &&
      (target.namespace === undefined || object.metadata.namespace === target.namespace) &&
      (target.apiVersion === undefined || apiGroupOf(object.apiVersion) === apiGroupOf(target.apiVersion));
    return same ? [position] : [];
  });
  const described = `${target.kind} ${target.name}${target.namespace === undefined ? '' : ` in namespace ${target.namespace}`}`;
  if (matches.length === 0) return `target ${described} not found in the release`;
  if (matches.length > 1)
    return `target ${described} is ambiguous (${matches.length} objects match); set target.namespace or target.apiVersion`;
  return matches[0];
}

type PatchOutcome = { applied: true; value: JsonValue } | { applied: false; failedOperation: number; message: string };

function applyJsonPatch(object: KubeObject, operations: readonly JsonPatchOperation[]): PatchOutcome {
  let document: JsonValue = cloneJson(object);
  // One operation at a time: fast-json-patch's validator reports index 0 for every failing operation.
  for (const [index, operation] of operations.entries()) {
    try {
      // fast-json-patch reads the operation by reference; a copy keeps the caller's override untouched.
      const copied: Operation = { ...operation };
      document = applyOperation<JsonValue>(document, copied, true, true).newDocument;
    } catch (error) {
      if (error instanceof JsonPatchError) {
        return { applied: false, failedOperation: index, message: describePatchFailure(error.name, operation) };
      }
      throw error;
    }
  }
  return { applied: true, value: document };
}

function describePatchFailure(name: string, operation: JsonPatchOperation): string {
  const path = operation.path;
  switch (name) {
    case 'OPERATION_PATH_UNRESOLVABLE':
      return `path ${path} does not exist`;
    case 'OPERATION_FROM_UNRESOLVABLE':
      return `from path ${'from' in operation ? operation.from : ''} does not exist`;
    case 'OPERATION_PATH_CANNOT_ADD':
      return `cannot add at ${path}: its parent does not exist`;
    case 'OPERATION_PATH_ILLEGAL_ARRAY_INDEX':
    case 'OPERATION_VALUE_OUT_OF_BOUNDS':
      return `array index in ${path} is out of bounds`;
    case 'TEST_OPERATION_FAILED':
      return `test at ${path} failed`;
    default:
      return `operation on ${path} is invalid (${name})`;
  }
}

function isKubeObject(value: JsonValue): value is KubeObject {
  return (
    isJsonObject(value) &&
    typeof value['apiVersion'] === 'string' &&
    typeof value['kind'] === 'string' &&
    isJsonObject(value['metadata']) &&
    typeof value['metadata']['name'] === 'string'
  );
}
