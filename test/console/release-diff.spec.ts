import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../apps/console/src/api/types';
import { countChanges, diffReleases } from '../../apps/console/src/diff/release-diff';
import { manifestYaml, toYaml } from '../../apps/console/src/diff/yaml';

const configMap = (name: string, data: Record<string, string>, namespace?: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, ...(namespace ? { namespace } : {}) },
  data,
});

describe('diffReleases', () => {
  it('pairs objects by identity and says which were added, removed, changed or left alone', () => {
    const diffs = diffReleases(
      [configMap('kept', { a: '1' }), configMap('edited', { a: '1' }), configMap('dropped', {})],
      [configMap('kept', { a: '1' }), configMap('edited', { a: '2' }), configMap('new', {}, 'shop')],
    );
    assert.deepEqual(
      diffs.map((diff) => [diff.key, diff.change]),
      [
        ['ConfigMap kept', 'unchanged'],
        ['ConfigMap edited', 'changed'],
        ['ConfigMap shop/new', 'added'],
        ['ConfigMap dropped', 'removed'],
      ],
    );
    assert.deepEqual(countChanges(diffs), { added: 1, removed: 1, changed: 1, unchanged: 1 });
  });

  it('treats a new apiVersion of the same group and kind as the same object, and names groups', () => {
    const v1 = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } };
    const diffs = diffReleases([{ ...v1, apiVersion: 'apps/v1beta2' }], [v1]);
    assert.deepEqual(
      diffs.map((diff) => [diff.key, diff.change]),
      [['Deployment.apps web', 'changed']],
    );
  });
});

describe('toYaml', () => {
  it('writes block YAML, quoting only what plain YAML would misread', () => {
    assert.equal(
      toYaml({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'settings', labels: {} },
        data: { port: '8080', enabled: 'true', plain: 'fast', script: 'echo hi\nexit 0\n', empty: '' },
        list: [{ name: 'a', value: 1 }, 'b', []],
      }),
      [
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        '  name: settings',
        '  labels: {}',
        'data:',
        '  port: "8080"',
        '  enabled: "true"',
        '  plain: fast',
        '  script: |',
        '    echo hi',
        '    exit 0',
        '  empty: ""',
        'list:',
        '- name: a',
        '  value: 1',
        '- b',
        '- []',
        '',
      ].join('\n'),
    );
  });

  it('writes a manifest identity first, whatever order the database kept its keys in', () => {
    assert.equal(
      manifestYaml({
        data: { a: '1' },
        kind: 'ConfigMap',
        metadata: { labels: { tier: 'web' }, name: 'settings' },
        apiVersion: 'v1',
      }),
      [
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        '  name: settings',
        '  labels:',
        '    tier: web',
        'data:',
        '  a: "1"',
        '',
      ].join('\n'),
    );
  });
});
