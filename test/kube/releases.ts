import { ClusterCandidate, FanoutDeployment, Release, selectClusters } from '@fleetplane/fanout';
import { KubeObject } from '@fleetplane/objects';
import { aCluster } from '../../libs/fanout/src/testing/cluster.factory';
import { shopManifests } from '../../libs/fanout/src/testing/manifests.fixtures';
import { aRelease } from '../../libs/fanout/src/testing/release.factory';

export interface ShopRelease {
  version: string;
  /** Tag of the storefront image; a tag containing `crashloop` never becomes ready on the sandbox. */
  imageTag?: string;
  withoutIngress?: boolean;
}

/** The shop fixture (Namespace, ConfigMap, Deployment, Service, Ingress, HPA) with the changes a test needs. */
export function shopRelease(options: ShopRelease): Release {
  let manifests = shopManifests.replace(
    'ghcr.io/acme/storefront:1.4.2',
    `ghcr.io/acme/storefront:${options.imageTag ?? options.version}`,
  );
  if (options.withoutIngress) {
    manifests = manifests
      .split('\n---\n')
      .filter((document) => !document.includes('kind: Ingress'))
      .join('\n---\n');
  }
  return aRelease({ version: options.version, manifests });
}

export function clusterCandidate(name: string): ClusterCandidate {
  return aCluster(name).build();
}

export function deploymentOnto(cluster: ClusterCandidate, id = 'dep-1'): FanoutDeployment {
  return { id, namespace: 'shop', placement: selectClusters({}, [cluster]) };
}

export function objectOfKind(objects: readonly KubeObject[], kind: string): KubeObject {
  const object = objects.find((candidate) => candidate.kind === kind);
  if (object === undefined) throw new Error(`no ${kind} among ${objects.map((item) => item.kind).join(', ')}`);
  return object;
}
