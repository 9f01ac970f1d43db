import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ResourceCatalog } from '../api/resource-catalog';
import { JsonObject } from '../api/types';
import { parseAccept } from '../server/media-types';
import { aggregatedDiscovery, aggregatedDiscoveryVersion } from './aggregated-discovery';

const KUBECTL_ACCEPT =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

function itemsOf(list: JsonObject): JsonObject[] {
  assert.ok(Array.isArray(list.items));
  return list.items.filter((item): item is JsonObject => typeof item === 'object' && !Array.isArray(item));
}

describe('aggregated discovery', () => {
  it('is what kubectl asks for first, in the version it prefers', () => {
    assert.equal(aggregatedDiscoveryVersion(parseAccept(KUBECTL_ACCEPT)), 'v2');
    assert.equal(
      aggregatedDiscoveryVersion(
        parseAccept('application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList'),
      ),
      'v2beta1',
    );
  });

  it('is not served to clients that ask for plain JSON first, or for nothing in particular', () => {
    assert.equal(aggregatedDiscoveryVersion(parseAccept(`application/json,${KUBECTL_ACCEPT}`)), undefined);
    assert.equal(aggregatedDiscoveryVersion(parseAccept(undefined)), undefined);
    assert.equal(aggregatedDiscoveryVersion(parseAccept('application/json;g=apidiscovery.k8s.io;v=v3')), undefined);
  });

  it('lists the core group alone on /api', () => {
    const list = aggregatedDiscovery(new ResourceCatalog(), true, 'v2');
    assert.equal(list.apiVersion, 'apidiscovery.k8s.io/v2');
    assert.equal(list.kind, 'APIGroupDiscoveryList');
    const [core, ...others] = itemsOf(list);
    assert.deepEqual(others, []);
    assert.deepEqual(core.metadata, { creationTimestamp: null });
  });

  it('describes each resource of the named groups on /apis with scope, verbs, names and subresources', () => {
    const groups = itemsOf(aggregatedDiscovery(new ResourceCatalog(), false, 'v2'));
    assert.ok(!groups.some((group) => JSON.stringify(group.metadata) === '{"creationTimestamp":null}'));
    const apps = groups.find((group) => JSON.stringify(group.metadata).includes('"apps"'));
    assert.deepEqual(JSON.parse(JSON.stringify(apps)).versions[0].resources[0], {
      resource: 'deployments',
      responseKind: { group: 'apps', version: 'v1', kind: 'Deployment' },
      scope: 'Namespaced',
      singularResource: 'deployment',
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      shortNames: ['deploy'],
      categories: ['all'],
      subresources: [
        {
          subresource: 'status',
          responseKind: { group: 'apps', version: 'v1', kind: 'Deployment' },
          verbs: ['get', 'patch', 'update'],
        },
        {
          subresource: 'scale',
          responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
          verbs: ['get', 'patch', 'update'],
        },
      ],
    });
  });
});
