import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Sandbox, startSandbox } from '../../apps/sandbox-cluster/src';
import { RunningControlPlane, bearer, startControlPlane } from '../support/control-plane';
import { backends } from '../support/database';
import { DeploymentBody, registerFleet, waitForDeployment } from '../support/fleet';

/** One Deployment whose pods run `image` and request `cpu`; no short progress deadline of its own (600 s). */
function webManifest(image: string, cpu = '100m'): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 1
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: ${image}
          resources: { requests: { cpu: ${cpu} } }
`;
}

for (const backend of backends()) {
  describe(`failing fast (${backend} database)`, { timeout: 120_000 }, () => {
    let plane: RunningControlPlane;
    let sandbox: Sandbox;
    let dir: string;
    let admin: Record<string, string>;

    const deploy = async (version: string, manifest: string, failFastSeconds: number): Promise<string> => {
      await plane.http
        .post('/v1/applications/web/releases')
        .set(admin)
        .send({ version, manifests: manifest })
        .expect(201);
      const created = await plane.http
        .post('/v1/deployments')
        .set(admin)
        .send({ application: 'web', release: version, placement: { clusters: ['ff-aws'] }, failFastSeconds })
        .expect(201);
      return created.body.id;
    };
    const view = async (id: string): Promise<DeploymentBody> =>
      (await plane.http.get(`/v1/deployments/${id}`).set(admin).expect(200)).body;
    /** Polls the deployment's one target until `holds` is true of it; fails with its last view. */
    const targetUntil = async (id: string, holds: (target: DeploymentBody['targets'][number]) => boolean) => {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const target = (await view(id)).targets[0];
        if (holds(target)) return target;
        if (Date.now() > deadline) assert.fail(`target never got there: ${JSON.stringify(target)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'fleetplane-fail-fast-'));
      // Kubernetes' own deadline stays at its default (600 s): only fail-fast can end these rollouts early.
      sandbox = await startSandbox({
        clusters: [{ name: 'ff-aws', labels: { cloud: 'aws', region: 'us-east-1' } }],
        kubeconfigDir: dir,
        adminPort: false,
        timeline: { podStartMs: 50, podReadyMs: 50 },
      });
      plane = await startControlPlane(backend);
      admin = bearer(plane.adminToken);
      await registerFleet(plane, sandbox, dir);
      await plane.http.post('/v1/applications').set(admin).send({ name: 'web', defaultNamespace: 'web' }).expect(201);
    });
    after(async () => {
      await plane?.close();
      await sandbox?.stop();
      await rm(dir, { recursive: true, force: true });
    });

    it('fails a cluster whose new pods crash-loop after the fail-fast threshold, naming pod and reason', async () => {
      const started = Date.now();
      const id = await deploy('1.0.0-crashloop', webManifest('ghcr.io/acme/web:1.0.0-crashloop'), 2);
      const done = await waitForDeployment(plane, id, ['Failed', 'PartiallyFailed', 'Succeeded'], 60_000);
      const [target] = done.targets;
      assert.equal(target.state, 'Failed', JSON.stringify(done));
      assert.match(
        target.lastError,
        /Deployment\/web: CrashLoopBackOff: pod web-[a-z0-9-]+ container web: CrashLoopBackOff/,
      );
      assert.ok(Date.now() - started < 30_000, 'long before the 300 s progress deadline');
    });

    it('shows the latest cause while a cluster is unreachable, then fails it after the threshold', async () => {
      // Requests no node can hold: the pod stays Pending (Unschedulable), a wait fail-fast does not cut short.
      const id = await deploy('2.0.0-unschedulable', webManifest('ghcr.io/acme/web:2.0.0', '512'), 4);
      await targetUntil(id, (target) => target.state === 'WaitingReady');
      await sandbox.fault('ff-aws', { outage: true });
      try {
        const waiting = await targetUntil(id, (target) => target.lastError !== '');
        assert.equal(waiting.state, 'WaitingReady', 'the cause shows while the engine still retries');
        assert.match(waiting.lastError, /^waiting for readiness: Unreachable/);
        const done = await waitForDeployment(plane, id, ['Failed', 'PartiallyFailed', 'Succeeded'], 60_000);
        assert.equal(done.targets[0].state, 'Failed');
        assert.match(done.targets[0].lastError, /Unreachable/);
      } finally {
        await sandbox.clearFaults('ff-aws');
      }
    });

    it('refuses a threshold that is not a whole number of seconds up to an hour, naming the field', async () => {
      for (const failFastSeconds of [-1, 1.5, 3601, '30']) {
        const refused = await plane.http
          .post('/v1/deployments')
          .set(admin)
          .send({ application: 'web', release: '1.0.0-crashloop', placement: {}, failFastSeconds })
          .expect(400);
        assert.ok(refused.body.errors.some((error: { field: string }) => error.field === 'failFastSeconds'));
      }
    });
  });
}
