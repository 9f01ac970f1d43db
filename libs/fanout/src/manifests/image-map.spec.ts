import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isJsonObject, KubeObject } from '@fleetplane/objects';
import { applyImageMap } from './image-map';
import { canonicalImageName, parseImageReference } from './image-reference';
import { parseManifests } from './parse-manifests';
import { shopManifests } from '../testing/manifests.fixtures';

function images(objects: readonly KubeObject[]): string[] {
  const found: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (isJsonObject(value)) {
      if (typeof value['image'] === 'string') found.push(value['image']);
      Object.values(value).forEach(walk);
    }
  };
  walk(objects);
  return found;
}

describe('image references', () => {
  it('split name, tag and digest, not mistaking a registry port for a tag', () => {
    assert.deepEqual(parseImageReference('localhost:5000/acme/api'), { name: 'localhost:5000/acme/api' });
    assert.deepEqual(parseImageReference('ghcr.io/acme/api:1.2@sha256:abc'), {
      name: 'ghcr.io/acme/api',
      tag: '1.2',
      digest: 'sha256:abc',
    });
  });

  it('treat Docker Hub short names as their full names', () => {
    assert.equal(canonicalImageName('nginx'), 'docker.io/library/nginx');
    assert.equal(canonicalImageName('prom/statsd-exporter'), 'docker.io/prom/statsd-exporter');
    assert.equal(canonicalImageName('ghcr.io/acme/api'), 'ghcr.io/acme/api');
  });
});

describe('applyImageMap', () => {
  const objects = parseManifests(shopManifests);

  it('replaces the tag of the named image and leaves others alone', () => {
    const mapped = applyImageMap(objects, { 'ghcr.io/acme/storefront': { newTag: '1.5.0' } });
    assert.deepEqual(images(mapped), ['ghcr.io/acme/storefront:1.5.0', 'prom/statsd-exporter:v0.26.0']);
    assert.deepEqual(
      images(objects),
      ['ghcr.io/acme/storefront:1.4.2', 'prom/statsd-exporter:v0.26.0'],
      'input untouched',
    );
  });

  it('matches Docker Hub images written either way and accepts a full reference', () => {
    const mapped = applyImageMap(objects, {
      'docker.io/prom/statsd-exporter': 'mirror.acme.io/statsd-exporter:v0.27.0',
    });
    assert.equal(images(mapped)[1], 'mirror.acme.io/statsd-exporter:v0.27.0');
  });

  it('pins a digest, and drops an old digest when only the tag changes', () => {
    const pinned = applyImageMap(objects, { 'ghcr.io/acme/storefront': { digest: 'sha256:1111' } });
    assert.equal(images(pinned)[0], 'ghcr.io/acme/storefront:1.4.2@sha256:1111');
    const retagged = applyImageMap(pinned, { 'ghcr.io/acme/storefront': { newTag: '1.5.0' } });
    assert.equal(images(retagged)[0], 'ghcr.io/acme/storefront:1.5.0');
  });

  it('reaches init containers and CronJob pod templates', () => {
    const [cronJob] = parseManifests(
      'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: report\nspec:\n  schedule: "@daily"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          initContainers: [{name: wait, image: busybox:1.36}]\n          containers: [{name: report, image: ghcr.io/acme/report:2}]\n',
    );
    const mapped = applyImageMap([cronJob], { busybox: { newTag: '1.37' }, 'ghcr.io/acme/report': { newTag: '3' } });
    assert.deepEqual(images(mapped), ['busybox:1.37', 'ghcr.io/acme/report:3']);
  });
});
