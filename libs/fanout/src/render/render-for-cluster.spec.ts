import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JsonValue, KubeObject, ownershipKeys } from '@fleetplane/objects';
import { valueAt } from '../manifests/object-checker';
import { OverrideError } from '../overrides/override.errors';
import { ClusterCandidate } from '../placement/cluster-candidate';
import { PlacementSpec } from '../placement/placement-spec';
import { selectClusters } from '../placement/select-clusters';
import { aCluster } from '../testing/cluster.factory';
import { crdManifests, shopManifests } from '../testing/manifests.fixtures';
import { aRelease } from '../testing/release.factory';
import { FanoutDeployment } from './fanout-deployment';
import { leftoversOf, objectsToPrune } from './ownership';
import { RenderError } from './render.errors';
import { renderDeployment } from './render-deployment';
import { renderForCluster, renderKey } from './render-for-cluster';

const eks = aCluster('eks-eu-1').on('aws').build();
const gke = aCluster('gke-eu-1').on('gcp').build();
const aks = aCluster('aks-eu-1').on('azure').build();
const fleet = [eks, gke, aks];

function deploymentOn(
  clusters: ClusterCandidate[],
  extra: Omit<Partial<FanoutDeployment>, 'placement'> & { placement?: PlacementSpec } = {},
): FanoutDeployment {
  const { placement, ...rest } = extra;
  return { id: 'dep-7f3a', namespace: 'shop', placement: selectClusters(placement ?? {}, clusters), ...rest };
}

function find(objects: readonly KubeObject[], kind: string): KubeObject {
  const object = objects.find((candidate) => candidate.kind === kind);
  assert.ok(object, `no ${kind} rendered`);
  return object;
}

const at = (objects: readonly KubeObject[], kind: string, path: (string | number)[]): JsonValue | undefined =>
  valueAt(find(objects, kind), path);

describe('renderForCluster', () => {
  const release = aRelease();

  it('stamps ownership labels and the release hash on every object', () => {
    const { objects, releaseHash } = renderForCluster(release, deploymentOn(fleet), eks);
    assert.equal(releaseHash, release.contentHash);
    for (const object of objects) {
      assert.deepEqual(
        [ownershipKeys.managedBy, ownershipKeys.application, ownershipKeys.release, ownershipKeys.deployment].map(
          (key) => object.metadata.labels?.[key],
        ),
        ['fleetplane', 'shop', '1.4.2', 'dep-7f3a'],
      );
      assert.equal(object.metadata.annotations?.[ownershipKeys.releaseHash], release.contentHash);
    }
    assert.equal(
      find(objects, 'Deployment').metadata.labels?.['app.kubernetes.io/name'],
      'storefront',
      'own labels kept',
    );
  });

  it('does not touch pod template labels, so a new release alone does not restart pods', () => {
    const { objects } = renderForCluster(release, deploymentOn(fleet), eks);
    assert.deepEqual(at(objects, 'Deployment', ['spec', 'template', 'metadata', 'labels']), {
      'app.kubernetes.io/name': 'storefront',
    });
  });

  it('orders namespaces and CRDs first, then in Helm install order', () => {
    const withCrd = aRelease({ manifests: `${shopManifests}---\n${crdManifests}` });
    const { objects } = renderForCluster(withCrd, deploymentOn(fleet), eks);
    assert.deepEqual(
      objects.map((object) => object.kind),
      [
        'Namespace',
        'CustomResourceDefinition',
        'ConfigMap',
        'Service',
        'Deployment',
        'HorizontalPodAutoscaler',
        'Ingress',
        'Cache',
      ],
    );
  });

  it('puts namespaced objects without a namespace into the deployment namespace, and leaves cluster-scoped ones alone', () => {
    const { objects, namespacesToEnsure } = renderForCluster(
      aRelease({ manifests: crdManifests }),
      deploymentOn(fleet, { namespace: 'platform' }),
      eks,
    );
    assert.equal(find(objects, 'Cache').metadata.namespace, 'platform');
    assert.equal(find(objects, 'CustomResourceDefinition').metadata.namespace, undefined);
    assert.deepEqual(namespacesToEnsure, ['platform']);
  });

  it('asks for no namespace the release creates itself', () => {
    assert.deepEqual(renderForCluster(release, deploymentOn(fleet), eks).namespacesToEnsure, []);
  });

  it('applies the release image map, then the cloud registry rewrite', () => {
    const mapped = aRelease({ imageMap: { 'ghcr.io/acme/storefront': { newTag: '1.4.3' } } });
    const { objects } = renderForCluster(
      mapped,
      deploymentOn(fleet, {
        imageRewrites: [
          { cloud: 'aws', from: 'ghcr.io/acme/*', to: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme/*' },
        ],
      }),
      eks,
    );
    assert.equal(
      at(objects, 'Deployment', ['spec', 'template', 'spec', 'containers', 0, 'image']),
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme/storefront:1.4.3',
    );
  });

  it('divides replicas by weight with an exact sum, and an HPA-managed workload through its HPA bounds', () => {
    const worker = `---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: worker\n  namespace: shop\nspec:\n  replicas: 10\n  selector: {matchLabels: {app: worker}}\n  template:\n    metadata: {labels: {app: worker}}\n    spec:\n      containers: [{name: worker, image: ghcr.io/acme/worker:1}]\n`;
    const withWorker = aRelease({ manifests: shopManifests + worker });
    const deployment = deploymentOn(fleet, {
      placement: {
        replicas: {
          mode: 'divide',
          weights: { by: 'cluster', weights: { 'eks-eu-1': 2, 'gke-eu-1': 1, 'aks-eu-1': 1 } },
        },
      },
    });
    const rendered = fleet.map((cluster) => renderForCluster(withWorker, deployment, cluster).objects);
    const workerReplicas = rendered.map((objects) =>
      valueAt(objects.find((object) => object.metadata.name === 'worker') ?? find(objects, 'Deployment'), [
        'spec',
        'replicas',
      ]),
    );
    // Placement orders clusters by name (aks, eks, gke); the 2.5/2.5 tie goes to aks, the earlier one.
    assert.deepEqual(workerReplicas, [5, 2, 3]);
    assert.deepEqual(
      rendered.map((objects) => at(objects, 'HorizontalPodAutoscaler', ['spec', 'maxReplicas'])),
      [6, 3, 3],
    );
    assert.deepEqual(
      rendered.map((objects) => at(objects, 'HorizontalPodAutoscaler', ['spec', 'minReplicas'])),
      [1, 1, 1],
    );
    const storefront = rendered.map((objects) =>
      valueAt(
        objects.find((object) => object.metadata.name === 'storefront' && object.kind === 'Deployment') ??
          find(objects, 'Deployment'),
        ['spec', 'replicas'],
      ),
    );
    assert.deepEqual(storefront, [6, 6, 6], 'the HPA, not the manifest count, scales storefront');
  });

  it('lets a per-cluster override win over the replica share', () => {
    const deployment = deploymentOn(fleet, {
      placement: { replicas: { mode: 'divide', weights: { by: 'equal' } } },
      overrides: [
        {
          scope: { level: 'cluster', cluster: 'gke-eu-1' },
          target: { kind: 'HorizontalPodAutoscaler', name: 'storefront' },
          patch: { type: 'merge', patch: { spec: { maxReplicas: 20 } } },
        },
      ],
    });
    assert.equal(
      at(renderForCluster(release, deployment, gke).objects, 'HorizontalPodAutoscaler', ['spec', 'maxReplicas']),
      20,
    );
  });

  it('keeps ownership labels even when an override tries to remove them', () => {
    const deployment = deploymentOn(fleet, {
      overrides: [
        {
          scope: { level: 'cloud', cloud: 'aws' },
          target: { kind: 'Service', name: 'storefront' },
          patch: { type: 'merge', patch: { metadata: { labels: null } } },
        },
      ],
    });
    assert.equal(
      find(renderForCluster(release, deployment, eks).objects, 'Service').metadata.labels?.[ownershipKeys.managedBy],
      'fleetplane',
    );
  });

  it('refuses output an override made invalid, such as a merge patch replacing the container list', () => {
    const deployment = deploymentOn(fleet, {
      overrides: [
        {
          scope: { level: 'cloud', cloud: 'aws' },
          target: { kind: 'Deployment', name: 'storefront' },
          patch: {
            type: 'merge',
            patch: {
              spec: { template: { spec: { containers: [{ name: 'web', env: [{ name: 'CLOUD', value: 'aws' }] }] } } },
            },
          },
        },
      ],
    });
    assert.throws(
      () => renderForCluster(release, deployment, eks),
      (error: unknown) =>
        error instanceof RenderError &&
        error.code === 'RENDER_INVALID' &&
        error.details[0].path === 'spec.template.spec.containers[0].image' &&
        /Deployment.apps\/shop\/storefront after overrides for cluster eks-eu-1: is required/.test(
          error.details[0].message,
        ),
    );
    const unchecked = renderForCluster(release, deployment, eks, { validate: false });
    assert.equal(find(unchecked.objects, 'Deployment').metadata.name, 'storefront', 'trusted input renders as it is');
  });

  it('is deterministic and independent of document order', () => {
    const reversed = aRelease({ manifests: shopManifests.split(/^---$/m).reverse().join('---\n') });
    assert.deepEqual(
      renderForCluster(reversed, deploymentOn(fleet), eks),
      renderForCluster(release, deploymentOn(fleet), eks),
    );
  });

  it('refuses a cluster the placement did not select', () => {
    assert.throws(
      () => renderForCluster(release, deploymentOn([eks, gke]), aks),
      (error: unknown) => error instanceof RenderError && error.code === 'RENDER_CLUSTER_NOT_PLACED',
    );
  });

  it('refuses a deployment id that cannot be a label value', () => {
    assert.throws(
      () => renderForCluster(release, { ...deploymentOn(fleet), id: 'deploy/7' }, eks),
      (error: unknown) => error instanceof RenderError && error.details[0].path === 'id',
    );
  });
});

describe('renderDeployment', () => {
  const release = aRelease();

  it('renders every placed cluster', () => {
    assert.deepEqual(
      renderDeployment(release, deploymentOn(fleet)).map((rendered) => rendered.clusterName),
      ['aks-eu-1', 'eks-eu-1', 'gke-eu-1'],
    );
  });

  it('refuses when an override fails on any one cluster, naming it', () => {
    const deployment = deploymentOn(fleet, {
      overrides: [
        {
          scope: { level: 'cloud', cloud: 'gcp' },
          target: { kind: 'Deployment', name: 'storefront' },
          patch: { type: 'json', operations: [{ op: 'remove', path: '/spec/template/spec/nodeSelector' }] },
        },
      ],
    });
    assert.throws(
      () => renderDeployment(release, deployment),
      (error: unknown) =>
        error instanceof OverrideError &&
        error.details.length === 1 &&
        /for cluster gke-eu-1/.test(error.details[0].message),
    );
  });

  it('refuses an override whose target is missing even when no placed cluster is in its scope', () => {
    const deployment = deploymentOn([eks], {
      overrides: [
        {
          scope: { level: 'cloud', cloud: 'azure' },
          target: { kind: 'ConfigMap', name: 'azure-only', namespace: 'shop' },
          patch: { type: 'merge', patch: { data: {} } },
        },
      ],
    });
    assert.throws(
      () => renderDeployment(release, deployment),
      (error: unknown) => error instanceof OverrideError && error.details[0].path === 'overrides[0].target',
    );
  });
});

describe('objectsToPrune', () => {
  it('returns objects we applied for the application that the new render no longer has, and nothing else', () => {
    const rendered = renderForCluster(aRelease(), deploymentOn(fleet), eks).objects;
    const previous = renderForCluster(
      aRelease({
        manifests: `${shopManifests}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: legacy\n  namespace: shop\n`,
        version: '1.4.1',
      }),
      deploymentOn(fleet),
      eks,
    ).objects;
    const foreign: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'someone-elses', namespace: 'shop' },
    };
    assert.deepEqual(
      objectsToPrune('shop', [...previous, foreign], rendered).map((object) => object.metadata.name),
      ['legacy'],
    );
  });
});

describe('leftoversOf', () => {
  const rendered = (): KubeObject[] => renderForCluster(aRelease(), deploymentOn(fleet), eks).objects;
  const refOf = ({ apiVersion, kind, metadata }: KubeObject) => ({
    apiVersion,
    kind,
    name: metadata.name,
    ...(metadata.namespace === undefined ? {} : { namespace: metadata.namespace }),
  });

  it('returns the inventory entries the new render no longer has', () => {
    const legacy = { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'shop', name: 'legacy' };
    assert.deepEqual(leftoversOf([...rendered().map(refOf), legacy], rendered()), [legacy]);
  });

  it('keeps an object the new render carries at another version of its API group', () => {
    const hpa = rendered().find((object) => object.kind === 'HorizontalPodAutoscaler');
    assert.ok(hpa);
    const olderVersion = { ...refOf(hpa), apiVersion: 'autoscaling/v2beta2' };
    assert.deepEqual(leftoversOf([olderVersion], rendered()), []);
  });

  it('tells namespaced objects of the same name apart by namespace', () => {
    const elsewhere = { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'other', name: 'storefront-config' };
    assert.deepEqual(leftoversOf([elsewhere], rendered()), [elsewhere]);
  });
});

describe('renderKey', () => {
  const eks2 = aCluster('eks-eu-2').on('aws').build();
  const clusterOverride = {
    scope: { level: 'cluster' as const, cluster: 'eks-eu-2' },
    target: { kind: 'ConfigMap', name: 'storefront-config' },
    patch: { type: 'merge' as const, patch: { data: { ONLY: 'here' } } },
  };

  it('is shared by clusters of one cloud that no override tells apart', () => {
    const deployment = deploymentOn([eks, eks2, gke]);
    assert.equal(renderKey(deployment, eks), renderKey(deployment, eks2));
    assert.notEqual(renderKey(deployment, eks), renderKey(deployment, gke));
  });

  it('sets apart a cluster that an override scopes, and every cluster when replicas are divided', () => {
    assert.notEqual(
      renderKey(deploymentOn([eks, eks2], { overrides: [clusterOverride] }), eks),
      renderKey(deploymentOn([eks, eks2], { overrides: [clusterOverride] }), eks2),
    );
    const divided = deploymentOn([eks, eks2], {
      placement: {
        replicas: { mode: 'divide', weights: { by: 'cluster', weights: { 'eks-eu-1': 3, 'eks-eu-2': 1 } } },
      },
    });
    assert.notEqual(renderKey(divided, eks), renderKey(divided, eks2));
  });

  it('lets renderDeployment render each cluster exactly as it would alone', () => {
    const clusters = [eks, eks2, gke, aks];
    const deployment = deploymentOn(clusters, { overrides: [clusterOverride] });
    for (const rendered of renderDeployment(aRelease(), deployment)) {
      const alone = renderForCluster(
        aRelease(),
        deployment,
        clusters.find((c) => c.id === rendered.clusterId)!,
      );
      assert.deepEqual(rendered, alone);
    }
  });
});
