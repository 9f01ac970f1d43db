import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Sandbox } from '@fleetplane/sandbox';
import { backends, createScratchDatabase } from '../support/database';
import { RunningControlPlane, bearer, startControlPlane } from '../support/control-plane';
import { DeploymentBody } from '../support/fleet';
import { registerPromotionFleet, releaseToDev, startPromotionSandbox, waitForPromotion } from './promotion-support';

const FINAL = ['Succeeded', 'Failed', 'Rejected', 'Expired', 'Cancelled'];
/** prod rolls out one cluster, then waits for an approval: a promotion into it stays Deploying until then. */
const GATED_WAVES = {
  type: 'Waves',
  waves: [
    { name: 'canary', maxClusters: 1, after: { type: 'approval' } },
    { name: 'rest', maxClusters: 10 },
  ],
};

for (const backend of backends()) {
  describe(`a promotion survives a control-plane restart (${backend} database)`, { timeout: 240_000 }, () => {
    let sandbox: Sandbox;
    let dir: string;
    let database: { url: string; drop: () => Promise<void> } | undefined;
    let plane: RunningControlPlane | undefined;
    const token = `fp_${'P'.repeat(43)}`;
    const start = async () =>
      startControlPlane(backend, {
        FLEETPLANE_DATA_DIR: join(dir, 'data'),
        FLEETPLANE_BOOTSTRAP_TOKEN: token,
        FLEETPLANE_RATE_LIMIT_PER_MINUTE: '100000',
        ...(database ? { DATABASE_URL: database.url } : {}),
      });
    const admin = bearer(token);

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'fleetplane-promotion-crash-'));
      sandbox = await startPromotionSandbox(dir);
      database = backend === 'postgres' ? await createScratchDatabase() : undefined;
    });

    after(async () => {
      await plane?.closeKeepingData();
      await sandbox?.stop();
      await database?.drop();
      await rm(dir, { recursive: true, force: true });
    });

    it('resumes a promotion stopped while Deploying, ending with the promotion and the environment in agreement', async () => {
      plane = await start();
      await registerPromotionFleet(plane, dir);
      for (const name of ['dev', 'prod'])
        await plane.http
          .post('/v1/environments')
          .set(admin)
          .send({ name, ...(name === 'prod' ? { strategy: GATED_WAVES } : {}) })
          .expect(201);
      await releaseToDev(plane, admin, 'shop', ['1.0.0']);
      const created = await plane.http
        .post('/v1/promotions')
        .set(admin)
        .send({ application: 'shop', from: 'dev', to: 'prod' })
        .expect(201);
      const deploying = await waitForPromotion(plane, created.body.id, ['Deploying', ...FINAL]);
      assert.equal(deploying.state, 'Deploying', JSON.stringify(deploying));
      const deploymentId = await eventually(async () => {
        const promotion = await waitForPromotion(plane!, created.body.id, ['Deploying']);
        return promotion.items[0].deploymentId ?? undefined;
      });
      await eventually(async () => {
        const deployment = await readDeployment(plane!, deploymentId);
        return deployment.targets.some((target) => target.state === 'Ready') ? deployment : undefined;
      });

      await plane.closeKeepingData();
      plane = await start();

      assert.equal((await waitForPromotion(plane, created.body.id, ['Deploying', ...FINAL])).state, 'Deploying');
      await plane.http.post(`/v1/deployments/${deploymentId}/approve`).set(admin).send({}).expect(200);
      const done = await waitForPromotion(plane, created.body.id, FINAL);
      assert.equal(done.state, 'Succeeded', JSON.stringify(done));
      assert.equal(done.items[0].deploymentId, deploymentId, 'the resumed promotion did not deploy again');
      const [environment] = (await plane.dataSource.query(
        `SELECT r.version, er.promotion_id FROM environment_releases er
         JOIN environments e ON e.id = er.environment_id JOIN releases r ON r.id = er.release_id WHERE e.name = 'prod'`,
      )) as Array<{ version: string; promotion_id: string }>;
      assert.deepEqual(environment, { version: '1.0.0', promotion_id: done.id });
      const [{ count }] = (await plane.dataSource.query(
        `SELECT count(*)::int AS count FROM deployments d JOIN applications a ON a.id = d.application_id
         WHERE a.name = 'shop' AND d.plan->'placed' @> '[{"cluster": {"environment": "prod"}}]'`,
      )) as Array<{ count: number }>;
      assert.equal(count, 1);
    });
  });
}

async function readDeployment(plane: RunningControlPlane, id: string): Promise<DeploymentBody> {
  return (await plane.http.get(`/v1/deployments/${id}`).set(bearer(plane.adminToken))).body as DeploymentBody;
}

/** Polls `read` until it answers something, for at most a minute. */
async function eventually<T>(read: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('timed out');
}
