import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JsonObject, KubeObject, ManagedFieldsEntry } from '../api/types';
import { FieldSet, covers, fieldSetOf, segmentsToFieldPath, subtract, union } from './field-set';
import { managedFieldsAfterUpdate } from './managed-fields';
import { ApplyConflictError, serverSideApply } from './server-side-apply';

const APPS = 'apps/v1';

/** What a release pipeline applies: the Deployment as written in git. */
function releaseConfig(image: string, extra: JsonObject = {}): JsonObject {
  return {
    apiVersion: APPS,
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            { name: 'web', image, ports: [{ containerPort: 8080 }], env: [{ name: 'MODE', value: 'prod' }] },
          ],
        },
      },
      ...extra,
    },
  };
}

function applyAs(
  manager: string,
  live: KubeObject | undefined,
  config: JsonObject,
  force = false,
): { object: KubeObject; managedFields: ManagedFieldsEntry[] } {
  const result = serverSideApply(live, config, { manager, force, apiVersion: APPS });
  return {
    object: { ...result.object, metadata: { ...result.object.metadata, managedFields: result.managedFields } },
    managedFields: result.managedFields,
  };
}

function entryOf(object: KubeObject, manager: string): ManagedFieldsEntry | undefined {
  return object.metadata.managedFields?.find((entry) => entry.manager === manager);
}

function container(object: KubeObject): JsonObject {
  const template = object.spec!.template as JsonObject;
  return ((template.spec as JsonObject).containers as JsonObject[])[0];
}

describe('field sets (FieldsV1)', () => {
  it('record every field a configuration sets, keyed lists by their merge keys, server fields left out', () => {
    const fields = fieldSetOf({
      ...releaseConfig('nginx:1.27.2'),
      metadata: { name: 'web', namespace: 'shop', uid: 'u', resourceVersion: '7', labels: { app: 'web' } },
      status: { replicas: 3 },
    });
    assert.deepEqual(fields, {
      'f:metadata': { 'f:labels': { 'f:app': {} } },
      'f:spec': {
        'f:replicas': {},
        'f:selector': {},
        'f:template': {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': {
            'f:containers': {
              'k:{"name":"web"}': {
                '.': {},
                'f:name': {},
                'f:image': {},
                'f:ports': { 'k:{"containerPort":8080}': { '.': {}, 'f:containerPort': {} } },
                'f:env': { 'k:{"name":"MODE"}': { '.': {}, 'f:name': {}, 'f:value': {} } },
              },
            },
          },
        },
      },
    });
  });

  it('combine, subtract and test paths, where owning a leaf owns what is beneath it', () => {
    const replicas: FieldSet = { 'f:spec': { 'f:replicas': {} } };
    const selector: FieldSet = { 'f:spec': { 'f:selector': {} } };
    const both = union(replicas, selector);
    assert.deepEqual(both, { 'f:spec': { 'f:replicas': {}, 'f:selector': {} } });
    assert.deepEqual(subtract(both, replicas), selector);
    assert.deepEqual(subtract(both, { 'f:spec': {} }), {}, 'owning spec as a leaf owns all of it');
    assert.ok(covers(both, ['f:spec', 'f:selector', 'f:matchLabels']));
    assert.ok(!covers(replicas, ['f:spec', 'f:selector']));
    assert.equal(
      segmentsToFieldPath(['f:spec', 'f:template', 'f:spec', 'f:containers', 'k:{"name":"web"}', 'f:image']),
      '.spec.template.spec.containers[name="web"].image',
    );
  });
});

describe('server-side apply', () => {
  it('creates the object and records the applier as the owner of what it applied', () => {
    const { object } = applyAs('release-bot', undefined, releaseConfig('nginx:1.27.2'));
    assert.equal(container(object).image, 'nginx:1.27.2');
    const entry = entryOf(object, 'release-bot')!;
    assert.equal(entry.operation, 'Apply');
    assert.equal(entry.apiVersion, APPS);
    assert.deepEqual(entry.fieldsV1, fieldSetOf(releaseConfig('nginx:1.27.2')));
  });

  it('lets the same manager change its own fields without conflicts', () => {
    const { object: live } = applyAs('release-bot', undefined, releaseConfig('nginx:1.27.2'));
    const { object } = applyAs('release-bot', live, releaseConfig('nginx:1.27.3'));
    assert.equal(container(object).image, 'nginx:1.27.3');
    assert.equal(object.metadata.managedFields?.length, 1);
  });

  it('reports a conflict per field another applier owns with a different value, naming the owner', () => {
    const { object: live } = applyAs('release-bot', undefined, releaseConfig('nginx:1.27.2'));
    const hotfix = releaseConfig('nginx:1.27.2-hotfix');
    (hotfix.spec as JsonObject).replicas = 5;
    assert.throws(
      () => applyAs('oncall', live, hotfix),
      (error: unknown) => {
        assert.ok(error instanceof ApplyConflictError);
        assert.deepEqual(
          error.causes.map((cause) => `${cause.message}: ${cause.field}`),
          [
            'conflict with "release-bot": .spec.replicas',
            'conflict with "release-bot": .spec.template.spec.containers[name="web"].image',
          ],
        );
        assert.match(error.message, /^Apply failed with 2 conflicts/);
        return true;
      },
    );
  });

  it('does not conflict when another applier sets a field to the value it already has (shared ownership)', () => {
    const { object: live } = applyAs('release-bot', undefined, releaseConfig('nginx:1.27.2'));
    const { object } = applyAs('oncall', live, {
      apiVersion: APPS,
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop' },
      spec: { replicas: 3 },
    });
    assert.deepEqual(entryOf(object, 'oncall')?.fieldsV1, { 'f:spec': { 'f:replicas': {} } });
    assert.ok(covers(entryOf(object, 'release-bot')!.fieldsV1 as FieldSet, ['f:spec', 'f:replicas']));
  });

  it('takes the fields over when forced, and the previous owner loses them', () => {
    const { object: live } = applyAs('release-bot', undefined, releaseConfig('nginx:1.27.2'));
    const { object } = applyAs(
      'oncall',
      live,
      { apiVersion: APPS, kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' }, spec: { replicas: 6 } },
      true,
    );
    assert.equal(object.spec?.replicas, 6);
    assert.ok(!covers(entryOf(object, 'release-bot')!.fieldsV1 as FieldSet, ['f:spec', 'f:replicas']));
    assert.ok(covers(entryOf(object, 'oncall')!.fieldsV1 as FieldSet, ['f:spec', 'f:replicas']));
  });

  it('conflicts with an imperative update (kubectl scale), naming its API version', () => {
    const { object: applied } = applyAs('release-bot', undefined, releaseConfig('nginx:1.27.2'));
    const scaled: KubeObject = { ...applied, spec: { ...applied.spec, replicas: 10 } };
    scaled.metadata = {
      ...scaled.metadata,
      managedFields: managedFieldsAfterUpdate(applied, scaled, 'kubectl', APPS),
    };
    assert.deepEqual(entryOf(scaled, 'kubectl')?.fieldsV1, { 'f:spec': { 'f:replicas': {} } });
    assert.ok(!covers(entryOf(scaled, 'release-bot')!.fieldsV1 as FieldSet, ['f:spec', 'f:replicas']));
    assert.throws(
      () => applyAs('oncall', scaled, { ...releaseConfig('nginx:1.27.2'), spec: { replicas: 4 } }),
      /conflict with "kubectl" using apps\/v1: \.spec\.replicas/,
    );
  });

  it('removes fields the applier stopped applying, unless another manager still owns them', () => {
    const withStrategy = releaseConfig('nginx:1.27.2', { minReadySeconds: 10, paused: false });
    const { object: live } = applyAs('release-bot', undefined, withStrategy);
    const { object: shared } = applyAs('oncall', live, {
      apiVersion: APPS,
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop' },
      spec: { paused: false },
    });
    const { object } = applyAs('release-bot', shared, releaseConfig('nginx:1.27.2'));
    assert.equal(object.spec?.minReadySeconds, undefined, 'only release-bot owned it');
    assert.equal(object.spec?.paused, false, 'oncall still owns it');
  });

  it('drops a list item the applier no longer lists, and merges list items by key', () => {
    const twoEnv = releaseConfig('nginx:1.27.2');
    (container({ spec: twoEnv.spec } as KubeObject).env as JsonObject[]).push({ name: 'DEBUG', value: '1' });
    const { object: live } = applyAs('release-bot', undefined, twoEnv);
    const { object } = applyAs('release-bot', live, releaseConfig('nginx:1.27.2'));
    assert.deepEqual(container(object).env, [{ name: 'MODE', value: 'prod' }]);
  });

  it('never changes the live object', () => {
    const { object: live } = applyAs('release-bot', undefined, releaseConfig('nginx:1.27.2', { minReadySeconds: 5 }));
    const snapshot = structuredClone(live);
    applyAs('release-bot', live, releaseConfig('nginx:1.27.3'));
    assert.deepEqual(live, snapshot);
  });
});
