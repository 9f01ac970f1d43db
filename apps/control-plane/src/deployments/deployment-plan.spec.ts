import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ApplicationEntity } from '@fleetplane/persistence';
import { aCluster } from '../../../../libs/fanout/src/testing/cluster.factory';
import { fanoutDeploymentOf } from './deployment-plan';

const application = { name: 'shop', defaultNamespace: 'shop' } as ApplicationEntity;
const cluster = aCluster('eks-1').build();

describe('fanoutDeploymentOf', () => {
  it('builds the rendering input from plain values, with no stored row needed', () => {
    const overrides = [
      {
        scope: { level: 'cloud' as const, cloud: 'aws' },
        target: { kind: 'ConfigMap', name: 'shop-config' },
        patch: { type: 'merge' as const, patch: { data: { LOG_LEVEL: 'warn' } } },
      },
    ];
    const deployment = fanoutDeploymentOf(
      {
        id: 'draft',
        spec: { overrides, imageRewrites: [] },
        plan: { replicaMode: 'duplicate', placed: [{ cluster, weight: 1 }] },
      },
      application,
    );
    assert.equal(deployment.id, 'draft');
    assert.equal(deployment.namespace, 'shop');
    assert.deepEqual(deployment.overrides, overrides);
    assert.deepEqual(
      deployment.placement.clusters.map((placed) => placed.cluster.name),
      ['eks-1'],
    );
  });
});
