import { Document, Node as YamlNode, isAlias, isMap, isScalar, isSeq } from 'yaml';

export type Expansion = { kind: 'size'; bytes: number } | { kind: 'recursive'; alias: string };

/**
 * Roughly how many bytes a YAML document becomes once every alias is replaced by what it names: each
 * alias counts at the size of its anchored node, so a few kilobytes of nested aliases that would expand
 * to gigabytes are measured, not expanded. An alias inside the node it names never ends. Measuring stops
 * once `limit` is passed.
 */
export function expandedSize(document: Document.Parsed, limit: number): Expansion {
  const sizes = new Map<YamlNode, number>();
  const open = new Set<YamlNode>();
  let recursive: string | undefined;

  const sizeOf = (node: unknown): number => {
    if (recursive !== undefined) return 0;
    if (isScalar(node)) return String(node.value).length + 1;
    if (isAlias(node)) {
      const target = node.resolve(document);
      if (target === undefined) return 0;
      if (open.has(target)) {
        recursive = node.source;
        return 0;
      }
      return sizeOf(target);
    }
    if (!isMap(node) && !isSeq(node)) return 0;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    open.add(node);
    let total = 2;
    for (const item of node.items) {
      total += isMap(node)
        ? sizeOf((item as { key: unknown }).key) + sizeOf((item as { value: unknown }).value)
        : sizeOf(item);
      if (total > limit) break;
    }
    open.delete(node);
    sizes.set(node, total);
    return total;
  };

  const bytes = sizeOf(document.contents);
  return recursive === undefined ? { kind: 'size', bytes } : { kind: 'recursive', alias: recursive };
}
