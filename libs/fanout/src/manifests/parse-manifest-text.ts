import { LineCounter, Node as YamlNode, isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import { ErrorDetail } from '../common/fanout-error';
import { FieldPath } from '../common/field-path';
import { expandedSize } from './expanded-size';
import { ManifestError } from './manifest.errors';
import { SourceDocument, SourcePosition } from './source-document';

const maxAliasExpansions = 100;

export interface ParsedManifestText {
  documents: SourceDocument[];
  syntaxErrors: ErrorDetail[];
}

/**
 * Parses a multi-document YAML stream (JSON is YAML, so a JSON list parses here too).
 * YAML 1.1 is used because kubectl's parser is YAML 1.1: `defaultMode: 0644` is octal 420 there, and
 * `value: yes` a boolean; parsing as YAML 1.2 would silently hand clusters different values than kubectl does.
 */
export function parseManifestText(text: string, maxExpandedBytes: number): ParsedManifestText {
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, {
    lineCounter,
    version: '1.1',
    uniqueKeys: true,
    // sigs.k8s.io/yaml turns timestamps into strings; keep them strings instead of Date objects.
    customTags: (tags) => tags.filter((tag) => typeof tag === 'string' || tag.tag !== 'tag:yaml.org,2002:timestamp'),
  });
  const position = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const syntaxErrors: ErrorDetail[] = [];
  const documents: SourceDocument[] = [];
  let expandedBytes = 0;
  parsed.forEach((document, documentIndex) => {
    for (const error of document.errors) {
      const [start] = error.linePos ?? [];
      syntaxErrors.push({
        path: '',
        documentIndex,
        message: error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''),
        ...(start === undefined ? {} : { line: start.line, column: start.col }),
      });
    }
    if (document.errors.length > 0 || document.contents === null) return;
    const expansion = expandedSize(document, maxExpandedBytes - expandedBytes);
    if (expansion.kind === 'recursive') {
      syntaxErrors.push({
        path: '',
        documentIndex,
        message: `alias *${expansion.alias} refers to a node that contains it`,
      });
      return;
    }
    expandedBytes += expansion.bytes;
    if (expandedBytes > maxExpandedBytes) throw expandedTooLarge(maxExpandedBytes, documentIndex);
    let value: unknown;
    try {
      // Bounded alias expansion: a "billion laughs" document must not exhaust the control plane's memory.
      value = document.toJS({ maxAliasCount: maxAliasExpansions });
    } catch (error) {
      syntaxErrors.push({ path: '', documentIndex, message: error instanceof Error ? error.message : String(error) });
      return;
    }
    documents.push(...splitDocument(document.contents, value, documentIndex, position, parsed.length === 1));
  });
  return { documents, syntaxErrors };
}

function expandedTooLarge(limit: number, documentIndex: number): ManifestError {
  const message = `expanding aliases takes the manifests past the limit of ${limit} bytes`;
  return new ManifestError('MANIFEST_TOO_LARGE', message, [{ path: '', documentIndex, message }]);
}

function splitDocument(
  root: YamlNode,
  value: unknown,
  documentIndex: number,
  position: (offset: number) => SourcePosition,
  onlyDocument: boolean,
): SourceDocument[] {
  // A document holding only comments or `~` is empty; kubectl skips those too.
  if (value === null || value === undefined) return [];
  // A lone top-level list is the JSON-list form of a release: each item counts as one document.
  if (onlyDocument && isSeq(root) && Array.isArray(value)) {
    return value.map((item, index) => ({
      documentIndex: index,
      value: item,
      locate: (path: FieldPath) => locate(root, [index, ...path], position),
    }));
  }
  return [{ documentIndex, value, locate: (path: FieldPath) => locate(root, path, position) }];
}

function locate(
  root: YamlNode | null,
  path: FieldPath,
  position: (offset: number) => SourcePosition,
): SourcePosition | undefined {
  let node: unknown = root;
  let found: SourcePosition | undefined;
  for (const segment of [undefined, ...path]) {
    if (segment !== undefined) node = child(node, segment);
    if (!isMap(node) && !isSeq(node) && !isScalar(node)) break;
    if (node.range) found = position(node.range[0]);
  }
  return found;
}

function child(node: unknown, segment: string | number): unknown {
  if (isSeq(node) && typeof segment === 'number') return node.items[segment];
  if (!isMap(node)) return undefined;
  const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
  return pair?.value ?? undefined;
}
