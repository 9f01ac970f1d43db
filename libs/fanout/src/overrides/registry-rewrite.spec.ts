import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isJsonObject, KubeObject } from '@fleetplane/objects';
import { parseManifests } from '../manifests/parse-manifests';
import { aCluster } from '../testing/cluster.factory';
import { shopManifests } from '../testing/manifests.fixtures';
import { overrideIssues } from './override-issues';
import { ImageRegistryRewrite } from './override-spec';
import { rewriteRegistries } from './registry-rewrite';

const rewrites: ImageRegistryRewrite[] = [
  { cloud: 'aws', from: 'ghcr.io/acme/*', to: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme/*' },
  { cloud: 'gcp', from: 'ghcr.io/acme/*', to: 'europe-docker.pkg.dev/acme-prod/images/*' },
  { cloud: 'azure', from: 'ghcr.io/acme/*', to: 'acme.azurecr.io/*' },
  { cloud: 'azure', from: 'docker.io/prom/*', to: 'acme.azurecr.io/mirror/prom/*' },
];

function containerImages(objects: readonly KubeObject[]): string[] {
  const deployment = objects.find((object) => object.kind === 'Deployment');
  const spec = deployment?.['spec'];
  const template = isJsonObject(spec) && isJsonObject(spec['template']) ? spec['template']['spec'] : undefined;
  const containers = isJsonObject(template) && Array.isArray(template['containers']) ? template['containers'] : [];
  return containers.flatMap((container) =>
    isJsonObject(container) && typeof container['image'] === 'string' ? [container['image']] : [],
  );
}

describe('rewriteRegistries', () => {
  const objects = parseManifests(shopManifests);

  it('points images at the registry of each cloud, keeping the tag', () => {
    assert.deepEqual(containerImages(rewriteRegistries(objects, rewrites, aCluster('eks').on('aws').build())), [
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme/storefront:1.4.2',
      'prom/statsd-exporter:v0.26.0',
    ]);
    assert.equal(
      containerImages(rewriteRegistries(objects, rewrites, aCluster('gke').on('gcp').build()))[0],
      'europe-docker.pkg.dev/acme-prod/images/storefront:1.4.2',
    );
  });

  it('matches Docker Hub short names against their full form', () => {
    assert.deepEqual(containerImages(rewriteRegistries(objects, rewrites, aCluster('aks').on('azure').build())), [
      'acme.azurecr.io/storefront:1.4.2',
      'acme.azurecr.io/mirror/prom/statsd-exporter:v0.26.0',
    ]);
  });

  it('leaves clusters of other clouds alone', () => {
    assert.deepEqual(
      containerImages(rewriteRegistries(objects, rewrites, aCluster('oci').on('oracle').build())),
      containerImages(objects),
    );
  });

  it('rejects a wildcard on only one side', () => {
    assert.deepEqual(
      overrideIssues([], [{ cloud: 'aws', from: 'ghcr.io/acme/*', to: 'ecr.example.com/acme' }]).map(
        (issue) => issue.path,
      ),
      ['imageRewrites[0].to'],
    );
  });
});
