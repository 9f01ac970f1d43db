import { createHash } from 'node:crypto';
import type { KubeClusterClient, ObjectDrift } from '@fleetplane/kube';
import { refOf } from '@fleetplane/kube';
import { KubeObject, isJsonObject } from '@fleetplane/objects';

/**
 * Drift of binding Secrets without ever putting a value in the report: every field but `data` is compared
 * as for any object, and `data` by a hash of its entries on each side (`sha256:<hex>`), so a changed
 * password shows as two different hashes.
 */
export async function bindingSecretDrift(
  client: KubeClusterClient,
  secrets: readonly KubeObject[],
  signal: AbortSignal,
): Promise<ObjectDrift[]> {
  if (secrets.length === 0) return [];
  const withoutData: KubeObject[] = secrets.map(({ data: _data, ...rest }) => rest);
  const [drift, live] = await Promise.all([
    client.driftOf(withoutData, { signal }),
    client.readLive(secrets.map(refOf), { signal }),
  ]);
  return drift.map((entry, index) => {
    const current = live[index];
    if (entry.missing || current === undefined) return entry;
    const expected = dataHash(secrets[index].data);
    const actual = dataHash(current.data);
    return expected === actual ? entry : { ...entry, fields: [...entry.fields, { path: 'data', expected, actual }] };
  });
}

function dataHash(data: unknown): string {
  const entries = isJsonObject(data) ? Object.entries(data).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) : [];
  return `sha256:${createHash('sha256').update(JSON.stringify(entries)).digest('hex')}`;
}
