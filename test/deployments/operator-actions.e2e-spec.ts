import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DeploymentEntity, ReleaseEntity } from '@fleetplane/persistence';
import { DeploymentStore } from '../../apps/control-plane/src/deployments/engine/deployment-store';
import { backends } from '../support/database';
import { RunningControlPlane, bearer, startControlPlane } from '../support/control-plane';

/**
 * The runner parks a deployment that waits for a person, from what it read of the row; an operator may
 * act between that read and the park. Driven by hand here (no rollout driver), to hit that window exactly.
 */
for (const backend of backends()) {
  describe(`an operator's action racing the runner's park (${backend} database)`, { timeout: 120_000 }, () => {
    let plane: RunningControlPlane;
    let store: DeploymentStore;
    let applicationId: string;
    const holder = 'runner-under-test';

    before(async () => {
      plane = await startControlPlane(backend, { FLEETPLANE_ROLLOUTS: 'off' });
      store = plane.app.get(DeploymentStore);
      const created = await plane.http
        .post('/v1/applications')
        .set(bearer(plane.adminToken))
        .send({ name: 'ledger', defaultNamespace: 'ledger' })
        .expect(201);
      applicationId = created.body.id;
    });
    after(() => plane?.close());

    /** A deployment the runner holds and has read, waiting for the approval of its second wave. */
    async function heldDeployment(version: string): Promise<DeploymentEntity> {
      const release = await plane.dataSource.getRepository(ReleaseEntity).save({
        applicationId,
        version,
        contentHash: `sha256:${version}`,
        objects: [],
        imageMap: {},
        createdBy: 'test',
      });
      const saved = await plane.dataSource.getRepository(DeploymentEntity).save({
        applicationId,
        releaseId: release.id,
        previousReleaseId: null,
        kind: 'rollout',
        state: 'Progressing',
        reason: '',
        approvedWaves: [],
        cancelRequested: false,
        parked: false,
        leaseHolder: holder,
        leaseExpiresAt: new Date(Date.now() + 60_000),
        createdBy: 'test',
        finishedAt: null,
        spec: { placement: {}, overrides: [], imageRewrites: [], strategy: { type: 'AllAtOnce' } },
        plan: {
          rollout: { waves: [], rollbackOnHalt: false, rollbackConcurrency: 1 },
          replicaMode: 'duplicate',
          placed: [],
        },
      });
      return plane.dataSource.getRepository(DeploymentEntity).findOneByOrFail({ id: saved.id });
    }

    it('parks a deployment nobody acted on, giving its lease up', async () => {
      const read = await heldDeployment('1.0.0');
      assert.equal(await store.park(read, 'waiting for approval of wave 1', holder), true);
      const stored = await plane.dataSource.getRepository(DeploymentEntity).findOneByOrFail({ id: read.id });
      assert.equal(stored.parked, true);
      assert.equal(stored.leaseHolder, null);
    });

    it('does not park over a cancel that arrived after the runner read the row, so the cancel is not lost', async () => {
      const read = await heldDeployment('1.0.1');
      await plane.http.post(`/v1/deployments/${read.id}/cancel`).set(bearer(plane.adminToken)).expect(200);
      assert.equal(await store.park(read, 'waiting for approval of wave 1', holder), false);
      const stored = await plane.dataSource.getRepository(DeploymentEntity).findOneByOrFail({ id: read.id });
      assert.equal(stored.parked, false, 'claimable again, so a replica reads the cancel');
      assert.equal(stored.cancelRequested, true);
    });

    it('does not park over an approval that arrived after the runner read the row', async () => {
      const read = await heldDeployment('1.0.2');
      await plane.dataSource.getRepository(DeploymentEntity).update({ id: read.id }, { approvedWaves: [1] });
      assert.equal(await store.park(read, 'waiting for approval of wave 1', holder), false);
      assert.equal(
        (await plane.dataSource.getRepository(DeploymentEntity).findOneByOrFail({ id: read.id })).parked,
        false,
      );
    });
  });
}
