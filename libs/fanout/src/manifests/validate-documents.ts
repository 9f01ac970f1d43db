import { ErrorDetail } from '../common/fanout-error';
import { FieldPath, formatFieldPath } from '../common/field-path';
import { isJsonObject, KubeObject, identityKey, identityOf } from '@fleetplane/objects';
import { qualifiedNameViolation } from '../common/names';
import { KindDefinition } from './kinds/kind-definition';
import { KindRegistry, kindRegistryFor } from './kinds/registry';
import { ObjectChecker } from './object-checker';
import { SourceDocument } from './source-document';
import { toJsonValue, NonJsonValue } from './to-json-value';

// The API server refuses objects whose annotations exceed this total (TotalAnnotationSizeLimitB).
const maxAnnotationBytes = 256 * 1024;

export interface ValidationOutcome {
  objects: KubeObject[];
  details: ErrorDetail[];
}

/** Validates every document against its kind and refuses duplicates, collecting all problems at once. */
export function validateDocuments(documents: readonly SourceDocument[], defaultNamespace?: string): ValidationOutcome {
  const details: ErrorDetail[] = [];
  const report = (document: SourceDocument, path: FieldPath, message: string): void => {
    const position = document.locate(path);
    details.push({
      path: formatFieldPath(path),
      message,
      documentIndex: document.documentIndex,
      ...(position === undefined ? {} : { line: position.line, column: position.column }),
    });
  };

  const candidates = documents.flatMap((document) => {
    const problems: NonJsonValue[] = [];
    const value = toJsonValue(document.value, [], problems);
    for (const problem of problems) report(document, problem.path, problem.message);
    if (isJsonObject(value)) return problems.length === 0 ? [{ document, value }] : [];
    report(document, [], 'each document must be a Kubernetes object (a mapping with apiVersion, kind and metadata)');
    return [];
  });

  const registry = kindRegistryFor(candidates.map(({ value }) => value));
  const objects: KubeObject[] = [];
  const firstDocumentByIdentity = new Map<string, number>();
  for (const { document, value } of candidates) {
    const check = new ObjectChecker(value);
    const object = checkObject(check, registry);
    for (const issue of check.issues) report(document, issue.path, issue.message);
    if (object === undefined || check.issues.length > 0) continue;
    const identity = identityOf(object);
    const key = identityKey({ ...identity, namespace: identity.namespace ?? defaultNamespace });
    const first = firstDocumentByIdentity.get(key);
    if (first === undefined) {
      firstDocumentByIdentity.set(key, document.documentIndex);
      objects.push(object);
    } else {
      report(document, ['metadata', 'name'], `duplicate object ${key}: already defined in document ${first}`);
    }
  }
  return { objects, details };
}

function checkObject(check: ObjectChecker, registry: KindRegistry): KubeObject | undefined {
  const apiVersion = check.string(['apiVersion'], true);
  const kind = check.string(['kind'], true);
  const metadata = check.object(['metadata'], true);
  if (!apiVersion || !kind || metadata === undefined) return undefined;
  const definition = registry.find(apiVersion, kind);
  if (definition === undefined) {
    check.fail(['kind'], registry.explainUnknown(apiVersion, kind));
    return undefined;
  }
  if (check.get(['metadata', 'generateName']) !== undefined) {
    check.fail(
      ['metadata', 'generateName'],
      'is not supported: every object needs a stable metadata.name to be applied idempotently',
    );
  }
  const name = check.name(['metadata', 'name'], definition.nameRule, true);
  if (name && definition.maxNameLength !== undefined && name.length > definition.maxNameLength) {
    check.fail(['metadata', 'name'], `must be no more than ${definition.maxNameLength} characters for a ${kind}`);
  }
  checkNamespace(check, definition);
  check.labels(['metadata', 'labels']);
  checkAnnotations(check);
  definition.validate(check);
  // Every check above ran against this very value, so its shape is the KubeObject shape when no issue was recorded.
  return check.issues.length === 0 ? (check.root as KubeObject) : undefined;
}

function checkNamespace(check: ObjectChecker, definition: KindDefinition): void {
  const namespace = check.get(['metadata', 'namespace']);
  if (namespace === undefined) return;
  if (definition.scope === 'Cluster') {
    check.fail(['metadata', 'namespace'], `${definition.kind} is cluster-scoped and must not set a namespace`);
  } else {
    check.name(['metadata', 'namespace'], 'dns1123-label');
  }
}

function checkAnnotations(check: ObjectChecker): void {
  const annotations = check.stringMap(['metadata', 'annotations']);
  if (annotations === undefined) return;
  let bytes = 0;
  for (const [key, value] of Object.entries(annotations)) {
    const problem = qualifiedNameViolation(key);
    if (problem !== undefined) check.fail(['metadata', 'annotations', key], `invalid annotation key: ${problem}`);
    bytes += Buffer.byteLength(key) + Buffer.byteLength(value);
  }
  if (bytes > maxAnnotationBytes)
    check.fail(['metadata', 'annotations'], `may not have more than ${maxAnnotationBytes} bytes in total`);
}
