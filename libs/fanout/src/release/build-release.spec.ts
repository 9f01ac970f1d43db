import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import { shopManifests } from '../testing/manifests.fixtures';
import { aRelease } from '../testing/release.factory';
import { buildRelease, checkReleaseVersion } from './build-release';
import { ReleaseError } from './release.errors';

const documents = (text: string): unknown[] => text.split(/^---$/m).map((part) => parse(part, { version: '1.1' }));

describe('buildRelease', () => {
  describe('content hash', () => {
    it('is a sha256 over the validated objects', () => {
      assert.match(aRelease().contentHash, /^sha256:[0-9a-f]{64}$/);
    });

    it('does not change with key order, YAML formatting, comments or document order', () => {
      const reformatted = documents(shopManifests)
        .reverse()
        .map((document) => stringify(sortKeysDescending(document), { indent: 4, flowCollectionPadding: false }))
        .join('---\n# reordered and re-indented\n');
      assert.equal(aRelease({ manifests: reformatted }).contentHash, aRelease().contentHash);
    });

    it('is the same for the YAML and the JSON-list spelling', () => {
      assert.equal(
        aRelease({ manifests: JSON.stringify(documents(shopManifests)) }).contentHash,
        aRelease().contentHash,
      );
    });

    it('changes when any value changes', () => {
      const changed = aRelease({ manifests: shopManifests.replace('LOG_LEVEL: info', 'LOG_LEVEL: debug') });
      assert.notEqual(changed.contentHash, aRelease().contentHash);
    });

    it('changes with the image map', () => {
      const mapped = aRelease({ imageMap: { 'ghcr.io/acme/storefront': { newTag: '1.4.3' } } });
      assert.notEqual(mapped.contentHash, aRelease().contentHash);
    });
  });

  it('refuses an application or version that cannot be a label value', () => {
    assert.throws(
      () => buildRelease({ application: 'Shop', version: '1.0.0+build.7', manifests: shopManifests }),
      (error: unknown) =>
        error instanceof ReleaseError &&
        error.code === 'RELEASE_INVALID' &&
        error.details.map((detail) => detail.path).join() === 'application,version',
    );
  });

  it('refuses image map keys that carry a tag', () => {
    assert.throws(
      () => aRelease({ imageMap: { 'ghcr.io/acme/storefront:1.4.2': '1.4.3' } }),
      (error: unknown) =>
        error instanceof ReleaseError && error.details[0].path === 'imageMap["ghcr.io/acme/storefront:1.4.2"]',
    );
  });
});

describe('checkReleaseVersion', () => {
  const release = aRelease();

  it('accepts a version that does not exist yet', () => {
    assert.equal(checkReleaseVersion(undefined, release), 'new');
  });

  it('treats an identical re-upload as an idempotent retry', () => {
    assert.equal(checkReleaseVersion({ version: '1.4.2', contentHash: release.contentHash }, release), 'identical');
  });

  it('refuses an existing version with different content', () => {
    const changed = aRelease({ manifests: shopManifests.replace('replicas: 6', 'replicas: 7') });
    assert.throws(
      () => checkReleaseVersion({ version: '1.4.2', contentHash: release.contentHash }, changed),
      (error: unknown) =>
        error instanceof ReleaseError &&
        error.code === 'RELEASE_CONFLICT' &&
        /already exists with different content/.test(error.message),
    );
  });
});

function sortKeysDescending(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDescending);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .sort(([a], [b]) => (a < b ? 1 : -1))
      .map(([key, item]) => [key, sortKeysDescending(item)]),
  );
}
