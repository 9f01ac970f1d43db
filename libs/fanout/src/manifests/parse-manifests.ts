import { ErrorDetail } from '../common/fanout-error';
import { KubeObject } from '@fleetplane/objects';
import { ManifestError } from './manifest.errors';
import { ManifestLimits, defaultManifestLimits } from './manifest-limits';
import { parseManifestText } from './parse-manifest-text';
import { SourceDocument } from './source-document';
import { validateDocuments } from './validate-documents';

/** Multi-document YAML or a JSON list as text, or an already-parsed JSON list (e.g. from a request body). */
export type ManifestSource = string | readonly unknown[];

export interface ParseManifestsOptions {
  limits?: Partial<ManifestLimits>;
  /** Namespace that namespaced objects without one will land in; used to detect duplicates across the two spellings. */
  defaultNamespace?: string;
}

/**
 * Parses and validates a release's manifests. Returns the objects in document order, or throws a
 * ManifestError listing every problem with its document index, field path and source position.
 */
export function parseManifests(source: ManifestSource, options: ParseManifestsOptions = {}): KubeObject[] {
  const limits = { ...defaultManifestLimits, ...options.limits };
  const bytes =
    typeof source === 'string' ? Buffer.byteLength(source, 'utf8') : Buffer.byteLength(JSON.stringify(source) ?? '');
  if (bytes > limits.maxBytes) {
    throw new ManifestError(
      'MANIFEST_TOO_LARGE',
      `manifests are ${bytes} bytes; the limit is ${limits.maxBytes} bytes`,
      [{ path: '', message: `size ${bytes} bytes exceeds the limit of ${limits.maxBytes} bytes` }],
    );
  }
  const documents = typeof source === 'string' ? fromText(source, limits.maxExpandedBytes) : fromList(source);
  if (documents.length > limits.maxDocuments) {
    throw new ManifestError(
      'MANIFEST_TOO_LARGE',
      `manifests hold ${documents.length} objects; the limit is ${limits.maxDocuments}`,
      [{ path: '', message: `${documents.length} objects exceed the limit of ${limits.maxDocuments}` }],
    );
  }
  if (documents.length === 0) {
    throw new ManifestError('MANIFEST_INVALID', 'manifests contain no object', [
      { path: '', message: 'at least one object is required' },
    ]);
  }
  const { objects, details } = validateDocuments(documents, options.defaultNamespace);
  if (details.length > 0) throw new ManifestError('MANIFEST_INVALID', summarise(details), details);
  return objects;
}

function fromText(text: string, maxExpandedBytes: number): SourceDocument[] {
  const { documents, syntaxErrors } = parseManifestText(text, maxExpandedBytes);
  if (syntaxErrors.length > 0) throw new ManifestError('MANIFEST_SYNTAX', summarise(syntaxErrors), syntaxErrors);
  return documents;
}

function fromList(list: readonly unknown[]): SourceDocument[] {
  return list.map((value, documentIndex) => ({ documentIndex, value, locate: () => undefined }));
}

function summarise(details: readonly ErrorDetail[]): string {
  const [first] = details;
  const where =
    first.documentIndex === undefined ? '' : `document ${first.documentIndex}${first.path ? ` ${first.path}` : ''}: `;
  const more = details.length > 1 ? ` (and ${details.length - 1} more problems)` : '';
  return `${where}${first.message}${more}`;
}
