import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ClusterEntity } from '@fleetplane/persistence';
import type { SecretStore } from '@fleetplane/security';
import type { DataSource } from 'typeorm';
import { ClusterCredentials } from './cluster-credentials';

const kubeconfig = { type: 'kubeconfig' as const, kubeconfig: 'apiVersion: v1' };
const secrets = new Map<string, unknown>([['secret-a', kubeconfig]]);
const store = {
  get: async (_manager: unknown, id: string) => secrets.get(id),
  getMany: async (ids: string[]) => new Map(ids.flatMap((id) => (secrets.has(id) ? [[id, secrets.get(id)]] : []))),
} as unknown as SecretStore;
const credentials = new ClusterCredentials({ manager: {} } as DataSource, store);

function aCluster(id: string, credentialSecretId: string): ClusterEntity {
  return { id, credentialSecretId, ref: { provider: 'kubeconfig', context: id } } as ClusterEntity;
}

describe('ClusterCredentials', () => {
  it('gives a cluster’s stored reference with its decrypted credential', async () => {
    assert.deepEqual(await credentials.of(aCluster('a', 'secret-a')), {
      ref: { provider: 'kubeconfig', context: 'a' },
      credential: kubeconfig,
    });
  });

  it('reads many clusters’ at once by cluster id, leaving out one whose credential is gone', async () => {
    const found = await credentials.ofEach([aCluster('a', 'secret-a'), aCluster('b', 'secret-gone')]);
    assert.deepEqual([...found.keys()], ['a']);
    assert.deepEqual(found.get('a')?.credential, kubeconfig);
  });
});
