import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JsonValue, KubeObject } from '@fleetplane/objects';
import { valueAt } from '../manifests/object-checker';
import { parseManifests } from '../manifests/parse-manifests';
import { aCluster } from '../testing/cluster.factory';
import { shopManifests } from '../testing/manifests.fixtures';
import { applyOverrides } from './apply-overrides';
import { ObjectOverride } from './override-spec';
import { OverrideError } from './override.errors';

const objects = parseManifests(shopManifests);
const storefront = { kind: 'Deployment', name: 'storefront', namespace: 'shop' };
const eksEu = aCluster('eks-eu-1').on('aws', 'eu-west-1').labelled({ tier: 'gold' }).build();
const gkeUs = aCluster('gke-us-1').on('gcp', 'us-central1').build();

function field(result: readonly KubeObject[], kind: string, path: (string | number)[]): JsonValue | undefined {
  const object = result.find((candidate) => candidate.kind === kind);
  assert.ok(object);
  return valueAt(object, path);
}

const replicasTo = (replicas: number, scope: ObjectOverride['scope']): ObjectOverride => ({
  scope,
  target: storefront,
  patch: { type: 'json', operations: [{ op: 'replace', path: '/spec/replicas', value: replicas }] },
});

function refusal(overrides: ObjectOverride[]): OverrideError {
  try {
    applyOverrides(objects, overrides, eksEu);
  } catch (error) {
    if (error instanceof OverrideError) return error;
    throw error;
  }
  assert.fail('expected the overrides to be refused');
}

describe('applyOverrides', () => {
  it('applies a JSON patch to the targeted object only on clusters in scope', () => {
    const overrides = [replicasTo(2, { level: 'cloud', cloud: 'aws' })];
    assert.equal(field(applyOverrides(objects, overrides, eksEu), 'Deployment', ['spec', 'replicas']), 2);
    assert.equal(field(applyOverrides(objects, overrides, gkeUs), 'Deployment', ['spec', 'replicas']), 6);
  });

  it('applies a merge patch, where null deletes', () => {
    const result = applyOverrides(
      objects,
      [
        {
          scope: { level: 'region', region: 'eu-west-1' },
          target: { kind: 'ConfigMap', name: 'storefront-config' },
          patch: { type: 'merge', patch: { data: { LOG_LEVEL: 'debug', FEATURE_FLAGS: null, REGION: 'eu' } } },
        },
      ],
      eksEu,
    );
    assert.deepEqual(field(result, 'ConfigMap', ['data']), { LOG_LEVEL: 'debug', REGION: 'eu' });
  });

  it('applies cloud, then region, then label, then cluster overrides, whatever their list order', () => {
    const overrides = [
      replicasTo(4, { level: 'cluster', cluster: 'eks-eu-1' }),
      replicasTo(3, { level: 'label', selector: { matchLabels: { tier: 'gold' } } }),
      replicasTo(2, { level: 'region', region: 'eu-west-1' }),
      replicasTo(1, { level: 'cloud', cloud: 'aws' }),
    ];
    assert.equal(field(applyOverrides(objects, overrides, eksEu), 'Deployment', ['spec', 'replicas']), 4);
    assert.equal(field(applyOverrides(objects, overrides.slice(1), eksEu), 'Deployment', ['spec', 'replicas']), 3);
  });

  it('applies overrides of the same level in list order', () => {
    const overrides = [
      replicasTo(2, { level: 'cloud', cloud: 'aws' }),
      replicasTo(5, { level: 'cloud', cloud: 'aws' }),
    ];
    assert.equal(field(applyOverrides(objects, overrides, eksEu), 'Deployment', ['spec', 'replicas']), 5);
  });

  it('leaves its input untouched', () => {
    applyOverrides(objects, [replicasTo(1, { level: 'cloud', cloud: 'aws' })], eksEu);
    assert.equal(field(objects, 'Deployment', ['spec', 'replicas']), 6);
  });

  describe('refuses, before returning anything', () => {
    it('a JSON patch path that does not exist, with the override index and operation', () => {
      const error = refusal([
        replicasTo(2, { level: 'cloud', cloud: 'aws' }),
        {
          scope: { level: 'cloud', cloud: 'aws' },
          target: storefront,
          patch: {
            type: 'json',
            operations: [
              { op: 'replace', path: '/spec/template/spec/containers/0/image', value: 'x' },
              { op: 'replace', path: '/spec/template/spec/containers/5/image', value: 'y' },
            ],
          },
        },
      ]);
      assert.equal(error.code, 'OVERRIDE_NOT_APPLICABLE');
      assert.equal(error.details.length, 1);
      assert.equal(error.details[0].path, 'overrides[1].patch.operations[1]');
      assert.match(
        error.details[0].message,
        /path \/spec\/template\/spec\/containers\/5\/image does not exist \(on Deployment.apps\/shop\/storefront for cluster eks-eu-1\)/,
      );
    });

    it('an add under a parent that does not exist', () => {
      const error = refusal([
        {
          scope: { level: 'cloud', cloud: 'aws' },
          target: storefront,
          patch: { type: 'json', operations: [{ op: 'add', path: '/spec/nothing/here', value: 1 }] },
        },
      ]);
      assert.match(error.details[0].message, /cannot add at \/spec\/nothing\/here/);
    });

    it('a failed test operation', () => {
      const error = refusal([
        {
          scope: { level: 'cloud', cloud: 'aws' },
          target: storefront,
          patch: { type: 'json', operations: [{ op: 'test', path: '/spec/replicas', value: 3 }] },
        },
      ]);
      assert.match(error.details[0].message, /test at \/spec\/replicas failed/);
    });

    it('a target missing from the release', () => {
      const error = refusal([
        {
          scope: { level: 'cloud', cloud: 'aws' },
          target: { kind: 'Deployment', name: 'checkout' },
          patch: { type: 'merge', patch: { spec: { replicas: 1 } } },
        },
      ]);
      assert.deepEqual(error.details, [
        { path: 'overrides[0].target', message: 'target Deployment checkout not found in the release' },
      ]);
    });

    it('a patch that renames its target', () => {
      const error = refusal([
        {
          scope: { level: 'cloud', cloud: 'aws' },
          target: storefront,
          patch: { type: 'merge', patch: { metadata: { name: 'storefront-2' } } },
        },
      ]);
      assert.match(error.details[0].message, /must not change apiVersion, kind, name or namespace/);
    });

    it('a malformed override, with its path', () => {
      const error = refusal([
        {
          scope: { level: 'cloud', cloud: '' },
          target: storefront,
          patch: { type: 'json', operations: [{ op: 'replace', path: 'spec/replicas', value: 1 }] },
        },
      ]);
      assert.equal(error.code, 'OVERRIDE_INVALID');
      assert.deepEqual(
        error.details.map((detail) => detail.path),
        ['overrides[0].scope.cloud', 'overrides[0].patch.operations[0].path'],
      );
    });
  });
});
