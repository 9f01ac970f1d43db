import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { KubeClusterClient, isKubeApiError } from '../../libs/kube/src';
import { KubeTestEnv, startKubeTestEnv } from './support';

const CLUSTER = 'preconditions';
const configMap = (value: string) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'settings', namespace: 'default' },
  data: { value },
});
const ref = { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'settings' };

describe('a delete with preconditions', { timeout: 30_000 }, () => {
  let env: KubeTestEnv;
  let client: KubeClusterClient;

  before(async () => {
    env = await startKubeTestEnv([{ name: CLUSTER }]);
    client = env.clientFor(CLUSTER);
  });
  after(() => env.close());

  it('deletes exactly the object read, and refuses with Conflict one that changed since', async () => {
    const [read] = await client.apply([configMap('first')], { fieldManager: 'spec', force: true });
    await client.apply([configMap('second')], { fieldManager: 'spec', force: true });
    const stale = await client
      .delete(ref, { preconditions: { uid: read.uid, resourceVersion: read.resourceVersion } })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    assert.ok(isKubeApiError(stale, 'Conflict'), String(stale));
    assert.match(stale.message, /Precondition failed/);
    assert.notEqual(await client.get(ref), undefined, 'the changed object stays');

    const current = await client.get(ref);
    const metadata = current?.metadata as { uid: string; resourceVersion: string };
    assert.equal(await client.delete(ref, { preconditions: metadata }), true);
    assert.equal(await client.get(ref), undefined);
  });
});
