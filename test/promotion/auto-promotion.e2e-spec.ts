import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AuditEventEntity } from '@fleetplane/persistence';
import { Sandbox } from '@fleetplane/sandbox';
import { AutoPromoter } from '../../apps/control-plane/src/promotions/engine/auto-promoter';
import { backends } from '../support/database';
import { RunningControlPlane, bearer, startControlPlane, tokenFor } from '../support/control-plane';
import { waitForDeployment } from '../support/fleet';
import { registerPromotionFleet, releaseToDev, startPromotionSandbox } from './promotion-support';

interface EnvironmentRelease {
  application: string;
  release: string;
  promotionId: string | null;
  pinned: boolean;
  pinReason: string | null;
}

for (const backend of backends()) {
  describe(`auto-promotion and pins (${backend} database)`, { timeout: 240_000 }, () => {
    let plane: RunningControlPlane;
    let sandbox: Sandbox;
    let dir: string;
    let operator: Record<string, string>;

    const releasesIn = async (environment: string): Promise<EnvironmentRelease[]> =>
      (await plane.http.get(`/v1/environments/${environment}/releases`).set(operator).expect(200)).body;
    /** Waits until `environment` runs `version` of shop, recorded by a promotion. */
    const reaches = async (environment: string, version: string): Promise<EnvironmentRelease> => {
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        const shop = (await releasesIn(environment)).find((row) => row.application === 'shop');
        if (shop?.release === version) return shop;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      throw new Error(`${environment} never ran shop ${version}: ${JSON.stringify(await releasesIn(environment))}`);
    };

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'fleetplane-auto-promotion-'));
      sandbox = await startPromotionSandbox(dir);
      plane = await startControlPlane(backend, { FLEETPLANE_RATE_LIMIT_PER_MINUTE: '100000' });
      await registerPromotionFleet(plane, dir);
      operator = bearer(await tokenFor(plane, 'payments', 'operator'));
      for (const name of ['dev', 'staging', 'prod'])
        await plane.http.post('/v1/environments').set(operator).send({ name }).expect(201);
      await releaseToDev(plane, operator, 'shop', ['1.0.0', '1.1.0', '1.2.0'], '1.0.0');
      await plane.http
        .put('/v1/pipelines/shop')
        .set(operator)
        .send({
          stages: [
            { environment: 'dev' },
            { environment: 'staging', upstreams: ['dev'], autoPromote: true, gates: { soakSeconds: 1 } },
            { environment: 'prod', upstreams: ['staging'], autoPromote: true },
          ],
        })
        .expect(200);
    });

    after(async () => {
      await plane?.close();
      await sandbox?.stop();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('promotes a release healthy in dev into staging after its soak, and on into prod, as system', async () => {
      await reaches('staging', '1.0.0');
      const prod = await reaches('prod', '1.0.0');
      const promotion = await plane.http.get(`/v1/promotions/${prod.promotionId}`).set(operator).expect(200);
      assert.equal(promotion.body.requestedBy, 'system');
      assert.equal(promotion.body.from, 'staging');
    });

    it('pins prod after a manual rollback there: the next release stops at staging until prod is unpinned', async () => {
      const deployed = await plane.http
        .post('/v1/deployments')
        .set(operator)
        .send({ application: 'shop', release: '1.1.0', placement: { environments: ['dev'] } })
        .expect(201);
      await waitForDeployment(plane, deployed.body.id, ['Succeeded']);
      await reaches('staging', '1.1.0');
      const prod = await reaches('prod', '1.1.0');
      const promotion = await plane.http.get(`/v1/promotions/${prod.promotionId}`).set(operator).expect(200);
      const rollback = await plane.http
        .post(`/v1/deployments/${promotion.body.items[0].deploymentId}/rollback`)
        .set(operator)
        .send({});
      assert.equal(rollback.status, 201, rollback.text);
      const pinned = (await releasesIn('prod')).find((row) => row.application === 'shop')!;
      assert.equal(pinned.pinned, true);
      assert.equal(pinned.release, '1.0.0');
      assert.match(pinned.pinReason!, /manual rollback of deployment .* to 1\.0\.0/);
      await waitForDeployment(plane, rollback.body.id, ['Succeeded']);

      const next = await plane.http
        .post('/v1/deployments')
        .set(operator)
        .send({ application: 'shop', release: '1.2.0', placement: { environments: ['dev'] } })
        .expect(201);
      await waitForDeployment(plane, next.body.id, ['Succeeded']);
      await reaches('staging', '1.2.0');
      assert.deepEqual(await plane.app.get(AutoPromoter).promoteDue(), [], 'nothing auto-promotes into pinned prod');
      assert.equal((await releasesIn('prod')).find((row) => row.application === 'shop')!.release, '1.0.0');

      await plane.http.post('/v1/environments/prod/releases/shop/unpin').set(operator).expect(204);
      const audit = await plane.dataSource
        .getRepository(AuditEventEntity)
        .findOneByOrFail({ action: 'environment.unpin', resourceId: 'payments/prod/shop' });
      assert.equal(audit.team, 'payments');
      const moved = await reaches('prod', '1.2.0');
      assert.equal(moved.pinned, false);
    });
  });
}
