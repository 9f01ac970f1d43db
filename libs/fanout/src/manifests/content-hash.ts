import { createHash } from 'node:crypto';
import { JsonObject, JsonValue, canonicalJson, KubeObject, describeObject } from '@fleetplane/objects';

/**
 * Hash of a release's content, independent of key order, YAML formatting, comments and document order:
 * two uploads that would put the same objects on a cluster hash equal, anything else differs.
 */
export function releaseContentHash(objects: readonly KubeObject[], extra: JsonObject = {}): string {
  const sorted = [...objects].sort((left, right) => compare(describeObject(left), describeObject(right)));
  const content: JsonValue = { objects: sorted, ...extra };
  return `sha256:${createHash('sha256').update(canonicalJson(content)).digest('hex')}`;
}

function compare(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}
