import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JsonObject } from '../api/types';
import { PatchError } from './patch-error';
import { applyStrategicMergePatch } from './strategic-merge-patch';

function deployment(): JsonObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop', labels: { app: 'web', team: 'storefront' }, finalizers: ['a'] },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'web',
              image: 'nginx:1.27.2',
              ports: [{ containerPort: 80, name: 'http' }],
              env: [
                { name: 'LOG_LEVEL', value: 'info' },
                { name: 'REGION', value: 'eu' },
              ],
            },
            { name: 'log-shipper', image: 'fluent/fluent-bit:3.1.9' },
          ],
          volumes: [{ name: 'cache', emptyDir: {} }],
        },
      },
    },
  };
}

type Container = { name: string; image: string; env?: Array<{ name: string; value: string }> };

function containers(object: JsonObject): Container[] {
  const spec = (object.spec as JsonObject).template as JsonObject;
  return (spec.spec as JsonObject).containers as unknown as Container[];
}

describe('strategic merge patch', () => {
  it('merges containers by name, as kubectl set image sends it, leaving the other containers alone', () => {
    const patched = applyStrategicMergePatch(deployment(), {
      spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27.3' }] } } },
    });
    assert.deepEqual(
      containers(patched).map((container) => `${container.name}=${container.image}`),
      ['web=nginx:1.27.3', 'log-shipper=fluent/fluent-bit:3.1.9'],
    );
    assert.equal(containers(patched)[0].env?.length, 2, 'fields of the merged container are kept');
  });

  it('merges env entries by name inside a container and appends new ones', () => {
    const patched = applyStrategicMergePatch(deployment(), {
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: 'web',
                env: [
                  { name: 'LOG_LEVEL', value: 'debug' },
                  { name: 'FEATURE_X', value: 'on' },
                ],
              },
            ],
          },
        },
      },
    });
    assert.deepEqual(containers(patched)[0].env, [
      { name: 'LOG_LEVEL', value: 'debug' },
      { name: 'REGION', value: 'eu' },
      { name: 'FEATURE_X', value: 'on' },
    ]);
  });

  it('deletes a list item with $patch: delete and a field with null', () => {
    const patched = applyStrategicMergePatch(deployment(), {
      metadata: { labels: { team: null } },
      spec: { template: { spec: { containers: [{ name: 'log-shipper', $patch: 'delete' }] } } },
    });
    assert.deepEqual(
      containers(patched).map((container) => container.name),
      ['web'],
    );
    assert.deepEqual((patched.metadata as JsonObject).labels, { app: 'web' });
  });

  it('replaces an object wholesale with $patch: replace and keeps only $retainKeys', () => {
    const replaced = applyStrategicMergePatch(deployment(), {
      spec: { strategy: { $patch: 'replace', type: 'Recreate' } },
    });
    assert.deepEqual((replaced.spec as JsonObject).strategy, { type: 'Recreate' });
    const retained = applyStrategicMergePatch(deployment(), {
      spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } },
    });
    assert.deepEqual((retained.spec as JsonObject).strategy, { type: 'Recreate' });
  });

  it('orders merged items as $setElementOrder lists them (kubectl apply sends it with every list)', () => {
    const patched = applyStrategicMergePatch(deployment(), {
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'log-shipper' }, { name: 'web' }],
            containers: [{ name: 'web', image: 'nginx:1.27.3' }],
          },
        },
      },
    });
    assert.deepEqual(
      containers(patched).map((container) => `${container.name}=${container.image}`),
      ['log-shipper=fluent/fluent-bit:3.1.9', 'web=nginx:1.27.3'],
    );
  });

  it('removes values from primitive lists with $deleteFromPrimitiveList and adds to sets', () => {
    const removed = applyStrategicMergePatch(deployment(), {
      metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] },
    });
    assert.deepEqual((removed.metadata as JsonObject).finalizers, []);
    const added = applyStrategicMergePatch(deployment(), { metadata: { finalizers: ['a', 'b'] } });
    assert.deepEqual((added.metadata as JsonObject).finalizers, ['a', 'b']);
  });

  it('replaces lists without a merge key and the workload selector as a whole', () => {
    const patched = applyStrategicMergePatch(deployment(), {
      spec: {
        selector: { matchLabels: { app: 'web', track: 'stable' } },
        template: { spec: { containers: [{ name: 'web', args: ['--port', '8080'] }] } },
      },
    });
    assert.deepEqual((patched.spec as JsonObject).selector, { matchLabels: { app: 'web', track: 'stable' } });
    const patchedArgs = applyStrategicMergePatch(patched, {
      spec: { template: { spec: { containers: [{ name: 'web', args: ['--port', '9090'] }] } } },
    });
    assert.deepEqual((containers(patchedArgs)[0] as unknown as JsonObject).args, ['--port', '9090']);
  });

  it('never changes the object it patches', () => {
    const original = deployment();
    applyStrategicMergePatch(original, {
      metadata: { labels: { team: null } },
      spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27.3' }] } } },
    });
    assert.deepEqual(original, deployment());
  });

  it('rejects a patch that is not an object', () => {
    assert.throws(() => applyStrategicMergePatch(deployment(), ['replicas']), PatchError);
  });
});
