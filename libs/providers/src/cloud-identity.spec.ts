import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aksCloudIdentity } from './aks/aks-mapping';
import type { ClusterDescription, ClusterRef, ProviderKind } from './cloud-provider';
import { eksCloudIdentity } from './eks/eks-mapping';
import { gkeCloudIdentity } from './gke/gke-mapping';
import { apiServerIdentity } from './kube/api-server-description';

function described<K extends ProviderKind>(ref: ClusterRef & { provider: K }, cloudId?: string): ClusterDescription<K> {
  return {
    ref,
    cloudId,
    endpoint: 'https://203.0.113.10',
    kubernetesVersion: '1.31',
    status: 'running',
    cloudStatus: 'RUNNING',
    region: '',
    zones: [],
    nodePools: [],
    tags: {},
  } as ClusterDescription<K>;
}

describe('cloud identity', () => {
  describe('EKS', () => {
    const ref = { provider: 'eks', region: 'us-west-2', name: 'prod' } as const;

    it('is the cluster ARN, which carries the account the ref lacks', () => {
      const arn = 'arn:aws:eks:us-west-2:123456789012:cluster/prod';
      assert.equal(eksCloudIdentity(described(ref, arn)), arn);
    });

    it('is unknown without an ARN, rather than guessed from region and name alone', () => {
      assert.equal(eksCloudIdentity(described(ref)), null);
    });
  });

  describe('GKE', () => {
    const ref = { provider: 'gke', projectId: 'shop', location: 'europe-west1', name: 'prod' } as const;

    it('is the self link’s path, whether it says locations or zones', () => {
      assert.equal(
        gkeCloudIdentity(
          described(ref, 'https://container.googleapis.com/v1/projects/shop/locations/europe-west1/clusters/prod'),
        ),
        'projects/shop/locations/europe-west1/clusters/prod',
      );
      assert.equal(
        gkeCloudIdentity(
          described(
            { ...ref, location: 'europe-west1-b' },
            'https://container.googleapis.com/v1/projects/shop/zones/europe-west1-b/clusters/prod',
          ),
        ),
        'projects/shop/locations/europe-west1-b/clusters/prod',
      );
    });

    it('is built from the ref when the cloud gave no self link', () => {
      assert.equal(gkeCloudIdentity(described(ref)), 'projects/shop/locations/europe-west1/clusters/prod');
    });
  });

  describe('AKS', () => {
    const ref = { provider: 'aks', subscriptionId: 'SUB-1', resourceGroup: 'Shop-RG', name: 'Prod' } as const;
    const lowerCased =
      '/subscriptions/sub-1/resourcegroups/shop-rg/providers/microsoft.containerservice/managedclusters/prod';

    it('is the resource id in lower case, since Azure compares ids without case', () => {
      const id =
        '/subscriptions/SUB-1/resourcegroups/shop-rg/providers/Microsoft.ContainerService/managedClusters/Prod';
      assert.equal(aksCloudIdentity(described(ref, id)), lowerCased);
    });

    it('is built from the ref when the cloud gave no id, equal to the one it would have given', () => {
      assert.equal(aksCloudIdentity(described(ref)), lowerCased);
    });
  });

  describe('an API server (kubeconfig clusters)', () => {
    it('is one identity however the URL spells the same server', () => {
      for (const spelling of ['https://API.example.com', 'https://api.example.com:443/', 'HTTPS://api.example.com//'])
        assert.equal(apiServerIdentity(spelling), 'https://api.example.com');
    });

    it('keeps a non-default port and the path, under which a proxy serves several clusters', () => {
      assert.equal(apiServerIdentity('https://10.0.0.1:6443'), 'https://10.0.0.1:6443');
      assert.notEqual(
        apiServerIdentity('https://rancher.example.com/k8s/clusters/c-1'),
        apiServerIdentity('https://rancher.example.com/k8s/clusters/c-2'),
      );
    });

    it('is unknown for an endpoint that is not a URL', () => {
      assert.equal(apiServerIdentity(''), null);
      assert.equal(apiServerIdentity('not a url'), null);
    });
  });
});
