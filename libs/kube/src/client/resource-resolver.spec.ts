import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KubeApiError, isKubeApiError } from './kube-api-error';
import { ResourceResolver } from './resource-resolver';

const cacheResources = {
  kind: 'APIResourceList',
  groupVersion: 'platform.acme.io/v1',
  resources: [
    { name: 'caches', kind: 'Cache', namespaced: true },
    { name: 'caches/status', kind: 'Cache', namespaced: true },
  ],
};

function resolverServing(documents: Record<string, unknown>): { resolver: ResourceResolver; fetched: string[] } {
  const fetched: string[] = [];
  const resolver = new ResourceResolver(async (path) => {
    fetched.push(path);
    await new Promise((resolve) => setImmediate(resolve));
    if (documents[path] === undefined) {
      throw new KubeApiError({ code: 'NotFound', message: 'not found', retryable: false, cluster: 'c', request: path });
    }
    return documents[path];
  }, 'c');
  return { resolver, fetched };
}

describe('ResourceResolver', () => {
  it('resolves built-in kinds without asking the cluster', async () => {
    const { resolver, fetched } = resolverServing({});
    assert.deepEqual(await resolver.resolve({ apiVersion: 'apps/v1', kind: 'Deployment' }, {}), {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      resource: 'deployments',
      namespaced: true,
    });
    assert.equal((await resolver.resolve({ apiVersion: 'v1', kind: 'Namespace' }, {})).namespaced, false);
    assert.deepEqual(fetched, []);
  });

  it('asks discovery once per group/version, even for concurrent callers, and skips subresources', async () => {
    const { resolver, fetched } = resolverServing({ '/apis/platform.acme.io/v1': cacheResources });
    const ref = { apiVersion: 'platform.acme.io/v1', kind: 'Cache' };
    const [first, second] = await Promise.all([resolver.resolve(ref, {}), resolver.resolve(ref, {})]);
    assert.equal(first.resource, 'caches');
    assert.deepEqual(second, first);
    await resolver.resolve(ref, {});
    assert.deepEqual(fetched, ['/apis/platform.acme.io/v1']);
    assert.equal(resolver.discoveryRequests, 1);
  });

  it('says UnknownKind for a group/version the cluster does not serve, and asks again next time', async () => {
    const documents: Record<string, unknown> = {};
    const { resolver, fetched } = resolverServing(documents);
    const ref = { apiVersion: 'platform.acme.io/v1', kind: 'Cache' };
    await assert.rejects(resolver.resolve(ref, {}), (error) => isKubeApiError(error, 'UnknownKind'));
    documents['/apis/platform.acme.io/v1'] = cacheResources;
    assert.equal((await resolver.resolve(ref, {})).resource, 'caches', 'the CRD was installed meanwhile');
    assert.equal(fetched.length, 2);
  });

  it('rediscovers a built-in kind whose path the cluster does not serve, once', async () => {
    const { resolver, fetched } = resolverServing({
      '/apis/autoscaling/v2': {
        resources: [{ name: 'horizontalpodautoscalers', kind: 'HorizontalPodAutoscaler', namespaced: true }],
      },
    });
    const ref = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler' };
    const stale = await resolver.resolve(ref, {});
    assert.equal(await resolver.rediscover(ref, stale, {}), undefined, 'the same path: the 404 was genuine');
    assert.equal(await resolver.rediscover(ref, stale, {}), undefined);
    assert.equal(fetched.length, 1);
  });
});
