import type { Cluster, Nodegroup } from '@aws-sdk/client-eks';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { describe, it } from 'node:test';
import { describeEksCluster } from '../../libs/providers/src/eks/eks-mapping';
import { readFixture } from './fakes/fixtures';

/**
 * The EKS mapping applied to AWS's own published payloads. moto generates its certificate data
 * as random bytes, so the CA decoding is proven here on botocore's DescribeCluster example, whose
 * `certificateAuthority.data` is a real certificate.
 */
describe('EKS mapping of the published payloads', () => {
  const botocore = readFixture<{ examples: { DescribeCluster: [{ output: { cluster: Record<string, unknown> } }] } }>(
    'eks/botocore-examples-1.json',
  );
  const wire = botocore.examples.DescribeCluster[0].output.cluster;
  // The SDK turns the wire's epoch seconds into a Date; everything else arrives as published.
  const cluster = { ...wire, createdAt: new Date((wire.createdAt as number) * 1000) } as Cluster;
  const cliNodegroup = readFixture<{ nodegroup: Record<string, unknown> }>(
    'eks/awscli-create-nodegroup.example3.output.json',
  ).nodegroup;
  const nodegroup = { ...cliNodegroup, createdAt: new Date(cliNodegroup.createdAt as string) } as Nodegroup;

  it("describes botocore's DescribeCluster example, CA decoded to a certificate", () => {
    const description = describeEksCluster({ provider: 'eks', region: 'us-west-2', name: 'devel' }, cluster, [
      nodegroup,
    ]);
    assert.equal(description.endpoint, 'https://A0DCCD80A04F01705DD065655C30CC3D.yl4.us-west-2.eks.amazonaws.com');
    assert.equal(description.kubernetesVersion, '1.10');
    assert.equal(description.status, 'running');
    assert.equal(description.createdAt?.toISOString(), '2018-05-31T23:04:39.988Z');
    const certificate = new X509Certificate(description.certificateAuthority ?? '');
    assert.equal(certificate.subject, 'CN=kubernetes');
  });

  it('maps the aws-cli node group example: SPOT t3.large pool of 4 (1..5), CREATING, with its labels', () => {
    const [pool] = describeEksCluster({ provider: 'eks', region: 'us-east-2', name: 'my-eks-cluster' }, cluster, [
      nodegroup,
    ]).nodePools;
    assert.deepEqual(pool, {
      name: 'my-eks-nodegroup',
      instanceTypes: ['t3.large'],
      size: { desired: 4, min: 1, max: 5 },
      zones: [],
      kubernetesVersion: '1.26',
      status: 'provisioning',
      cloudStatus: 'CREATING',
      nodeLabels: { 'my-eks-nodegroup-label-2': 'value-2', 'my-eks-nodegroup-label-1': 'value-1' },
    });
  });
});
