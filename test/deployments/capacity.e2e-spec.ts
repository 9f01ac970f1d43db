import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { Sandbox, startSandbox } from '@fleetplane/sandbox';
import { RunningControlPlane, bearer, startControlPlane } from '../support/control-plane';
import { registerFleet, waitForDeployment } from '../support/fleet';

const kubectl = promisify(execFile);

const WORKER = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker
spec:
  replicas: 8
  selector:
    matchLabels:
      app: worker
  template:
    metadata:
      labels:
        app: worker
    spec:
      containers:
        - name: worker
          image: ghcr.io/acme/worker:1.0.0
          resources:
            requests:
              cpu: 10m
              memory: 16Mi
`;

describe('replicas divided by cluster capacity', { timeout: 120_000 }, () => {
  let plane: RunningControlPlane;
  let sandbox: Sandbox;
  let dir: string;
  const admin = () => bearer(plane.adminToken);

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fleetplane-capacity-'));
    sandbox = await startSandbox({
      clusters: [
        { name: 'small', labels: { cloud: 'aws', region: 'us-east-1' }, capacity: { cpu: '2', memory: '8Gi' } },
        { name: 'large', labels: { cloud: 'gcp', region: 'europe-west1' }, capacity: { cpu: '6', memory: '24Gi' } },
      ],
      kubeconfigDir: dir,
      adminPort: false,
      timeline: { podStartMs: 50, podReadyMs: 50, progressDeadlineMs: 5000 },
    });
    plane = await startControlPlane('embedded');
    await registerFleet(plane, sandbox, dir);
  });
  after(async () => {
    await plane?.close();
    await sandbox?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("reads each cluster's allocatable capacity from its nodes while probing it", async () => {
    const small = await plane.http.get('/v1/clusters/small').set(admin()).expect(200);
    assert.deepEqual(
      { ...small.body.capacity, observedAt: undefined },
      { cpuMillicores: 2000, memoryBytes: 8 * 2 ** 30, nodes: 1, observedAt: undefined },
    );
    const large = await plane.http.get('/v1/clusters/large').set(admin()).expect(200);
    assert.equal(large.body.capacity.cpuMillicores, 6000);
  });

  it('gives each cluster its share of the replicas by CPU', async () => {
    await plane.http
      .post('/v1/applications')
      .set(admin())
      .send({ name: 'worker', defaultNamespace: 'jobs' })
      .expect(201);
    await plane.http
      .post('/v1/applications/worker/releases')
      .set(admin())
      .send({ version: '1', manifests: WORKER })
      .expect(201);
    const created = await plane.http
      .post('/v1/deployments')
      .set(admin())
      .send({
        application: 'worker',
        release: '1',
        placement: { replicas: { mode: 'divide', weights: { by: 'capacity', resource: 'cpu' } } },
      })
      .expect(201);
    const done = await waitForDeployment(plane, created.body.id, ['Succeeded', 'Failed', 'PartiallyFailed']);
    assert.equal(done.state, 'Succeeded', JSON.stringify(done.targets));
    const replicas = async (cluster: string) =>
      Number(
        (
          await kubectl('kubectl', [
            '--kubeconfig',
            join(dir, `${cluster}.kubeconfig`),
            'get',
            'deployment',
            'worker',
            '-n',
            'jobs',
            '-o',
            'jsonpath={.spec.replicas}',
          ])
        ).stdout,
      );
    assert.deepEqual([await replicas('small'), await replicas('large')], [2, 6]);
  });
});
