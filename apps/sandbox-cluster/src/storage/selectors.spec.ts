import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KubeObject } from '../api/types';
import {
  SelectorError,
  fromLabelSelectorObject,
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
} from './selectors';

const checkout = { app: 'checkout', tier: 'backend', 'app.kubernetes.io/part-of': 'shop', canary: '' };
const storefront = { app: 'storefront', tier: 'frontend', 'app.kubernetes.io/part-of': 'shop' };
const batch = { app: 'nightly-report' };

function selects(selector: string, labels: Record<string, string> | undefined): boolean {
  return matchesLabels(parseLabelSelector(selector), labels);
}

describe('label selectors', () => {
  it('select everything when empty or absent', () => {
    assert.ok(selects('', checkout));
    assert.ok(matchesLabels(parseLabelSelector(null), undefined));
  });

  it('match equality with =, == and !=, where != also matches objects without the label', () => {
    assert.ok(selects('app=checkout', checkout));
    assert.ok(selects('app==checkout', checkout));
    assert.ok(!selects('app=checkout', storefront));
    assert.ok(selects('tier!=frontend', checkout));
    assert.ok(selects('tier!=frontend', batch));
    assert.ok(!selects('tier!=frontend', storefront));
  });

  it('require every comma-separated requirement, with prefixed keys', () => {
    assert.ok(selects('app.kubernetes.io/part-of=shop,tier=backend', checkout));
    assert.ok(!selects('app.kubernetes.io/part-of=shop,tier=backend', storefront));
  });

  it('match set-based in and notin, where notin also matches objects without the label', () => {
    assert.ok(selects('tier in (backend, frontend)', checkout));
    assert.ok(selects('tier in (backend,frontend)', storefront));
    assert.ok(!selects('tier in (backend,frontend)', batch));
    assert.ok(selects('tier notin (frontend)', checkout));
    assert.ok(selects('tier notin (frontend)', batch));
    assert.ok(!selects('tier notin (frontend)', storefront));
  });

  it('match existence and absence of a key, including labels with empty values', () => {
    assert.ok(selects('canary', checkout));
    assert.ok(!selects('canary', storefront));
    assert.ok(selects('!canary', storefront));
    assert.ok(!selects('!canary', checkout));
    assert.ok(selects('canary=', checkout));
  });

  it('combine set-based and equality requirements as kubectl -l sends them', () => {
    const selector = parseLabelSelector('tier in (backend,frontend),app.kubernetes.io/part-of=shop,!canary');
    assert.deepEqual(selector, [
      { key: 'tier', operator: 'in', values: ['backend', 'frontend'] },
      { key: 'app.kubernetes.io/part-of', operator: 'eq', value: 'shop' },
      { key: 'canary', operator: 'doesnotexist' },
    ]);
    assert.ok(matchesLabels(selector, storefront));
    assert.ok(!matchesLabels(selector, checkout));
  });

  it('reject requirements that do not parse', () => {
    assert.throws(() => parseLabelSelector('tier in backend'), SelectorError);
    assert.throws(() => parseLabelSelector('app=check out'), /unable to parse requirement: app=check out/);
  });

  it('convert a workload selector (matchLabels and matchExpressions) into the same requirements', () => {
    const selector = fromLabelSelectorObject({
      matchLabels: { app: 'checkout' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['backend'] },
        { key: 'canary', operator: 'Exists' },
        { key: 'deprecated', operator: 'DoesNotExist' },
      ],
    });
    assert.ok(matchesLabels(selector, checkout));
    assert.ok(!matchesLabels(selector, { ...checkout, deprecated: 'true' }));
    assert.ok(!matchesLabels(selector, storefront));
  });

  it('let a workload selector with a label or an expression of the wrong JSON type match no labels', () => {
    for (const selector of [
      { matchLabels: { app: 7 } },
      { matchExpressions: [{ key: 'tier', operator: 3 }] },
      { matchExpressions: ['tier exists'] },
    ]) {
      assert.ok(!matchesLabels(fromLabelSelectorObject(selector), { app: '7', tier: 'backend' }));
    }
  });
});

describe('field selectors', () => {
  const pod = (name: string, namespace: string, phase: string, nodeName?: string): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace },
    spec: { containers: [], ...(nodeName ? { nodeName } : {}) },
    status: { phase },
  });
  const running = pod('checkout-7d9f8-abcde', 'shop', 'Running', 'sandbox-1-node');
  const pending = pod('checkout-7d9f8-fghij', 'shop', 'Pending');

  it('match metadata.name and metadata.namespace with = and !=', () => {
    assert.ok(matchesFields(parseFieldSelector('metadata.name=checkout-7d9f8-abcde'), running));
    assert.ok(!matchesFields(parseFieldSelector('metadata.name=checkout-7d9f8-abcde'), pending));
    assert.ok(matchesFields(parseFieldSelector('metadata.namespace==shop,metadata.name!=other'), pending));
  });

  it('match the pod fields controllers select on, an absent field being the empty string', () => {
    assert.ok(matchesFields(parseFieldSelector('status.phase=Running'), running));
    assert.ok(matchesFields(parseFieldSelector('spec.nodeName='), pending));
    assert.ok(matchesFields(parseFieldSelector('spec.nodeName!='), running));
  });

  it('reject unsupported fields and malformed requirements like the API server', () => {
    assert.throws(() => parseFieldSelector('metadata.labels=x'), /field label not supported: metadata.labels/);
    assert.throws(() => parseFieldSelector('metadata.name'), /invalid selector/);
  });
});
