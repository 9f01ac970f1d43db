import { REDACTED } from '@fleetplane/bindings';
import type { KubeObject } from '@fleetplane/objects';

/** The entries of a core/v1 Secret that hold its values. */
const SECRET_VALUE_FIELDS = ['data', 'stringData'] as const;

/**
 * A release's objects as people may read them: each Secret keeps its keys but not its values, which no
 * response carries. Everything else is exactly as stored.
 */
export function readableManifests(objects: readonly KubeObject[]): KubeObject[] {
  return objects.map((object) => (isSecret(object) ? redactSecret(object) : object));
}

function isSecret(object: KubeObject): boolean {
  return object.kind === 'Secret' && object.apiVersion === 'v1';
}

function redactSecret(secret: KubeObject): KubeObject {
  const redacted: KubeObject = { ...secret };
  for (const field of SECRET_VALUE_FIELDS) {
    const values = secret[field];
    if (values && typeof values === 'object' && !Array.isArray(values)) {
      redacted[field] = Object.fromEntries(Object.keys(values).map((key) => [key, REDACTED]));
    }
  }
  return redacted;
}
