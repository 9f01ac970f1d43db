import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { AuditEventEntity, EnvironmentReleaseEntity, PromotionEntity } from '@fleetplane/persistence';
import { Sandbox } from '@fleetplane/sandbox';
import { backends } from '../support/database';
import { RunningControlPlane, bearer, startControlPlane, tokenFor } from '../support/control-plane';
import { DeploymentBody } from '../support/fleet';
import {
  manifests,
  registerPromotionFleet,
  releaseToDev,
  startPromotionSandbox,
  waitForPromotion,
} from './promotion-support';

const kubectl = promisify(execFile);
const FINAL = ['Succeeded', 'Failed', 'Rejected', 'Expired', 'Cancelled'];

for (const backend of backends()) {
  describe(`promotions across clouds (${backend} database)`, { timeout: 300_000 }, () => {
    let plane: RunningControlPlane;
    let sandbox: Sandbox;
    let dir: string;
    let probe: Server;
    let probeUrl: string;
    let requester: Record<string, string>;
    let approver: Record<string, string>;
    let viewer: Record<string, string>;
    let admin: Record<string, string>;

    const promote = (body: object, as = requester) => plane.http.post('/v1/promotions').set(as).send(body);
    const setPipeline = (application: string, prodGates: object = {}) =>
      plane.http
        .put(`/v1/pipelines/${application}`)
        .set(requester)
        .send({
          stages: [
            { environment: 'dev' },
            { environment: 'staging', upstreams: ['dev'] },
            { environment: 'prod', upstreams: ['staging'], gates: prodGates },
          ],
        })
        .expect(200);
    const promoted = async (body: object, states = FINAL) => {
      const created = await promote(body);
      assert.equal(created.status, 201, created.text);
      return waitForPromotion(plane, created.body.id, states);
    };
    const currentRelease = async (environment: string, application: string) => {
      const rows = (await plane.dataSource.query(
        `SELECT r.version, er.promotion_id, er.pinned FROM environment_releases er
         JOIN environments e ON e.id = er.environment_id JOIN applications a ON a.id = er.application_id
         JOIN releases r ON r.id = er.release_id WHERE e.name = $1 AND a.name = $2`,
        [environment, application],
      )) as Array<{ version: string; promotion_id: string | null; pinned: boolean }>;
      return rows[0];
    };
    const deployment = async (id: string) =>
      (await plane.http.get(`/v1/deployments/${id}`).set(viewer).expect(200)).body as DeploymentBody;
    const liveVersion = async (cluster: string, application: string) =>
      JSON.parse(
        (
          await kubectl(
            'kubectl',
            [
              '--kubeconfig',
              join(dir, `${cluster}.kubeconfig`),
              '-n',
              application,
              'get',
              'configmap',
              `${application}-config`,
              '-o',
              'json',
            ],
            { timeout: 20_000 },
          )
        ).stdout,
      ).data.VERSION as string;
    const rows = (entity: typeof PromotionEntity | typeof EnvironmentReleaseEntity) =>
      plane.dataSource.getRepository(entity).count();

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'fleetplane-promotions-'));
      sandbox = await startPromotionSandbox(dir);
      probe = createServer((request, response) => {
        response.writeHead(request.url === '/healthz' ? 200 : 503, { 'Content-Type': 'application/json' });
        response.end(request.url === '/healthz' ? '{"status":"ok"}' : '{"status":"broken"}');
      });
      await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
      probeUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
      plane = await startControlPlane(backend, { FLEETPLANE_RATE_LIMIT_PER_MINUTE: '100000' });
      await registerPromotionFleet(plane, dir);
      requester = bearer(await tokenFor(plane, 'payments', 'operator'));
      approver = bearer(await tokenFor(plane, 'payments', 'operator'));
      viewer = bearer(await tokenFor(plane, 'payments', 'viewer'));
      admin = bearer(await tokenFor(plane, 'payments', 'admin'));
      for (const name of ['dev', 'staging', 'prod'])
        await plane.http.post('/v1/environments').set(requester).send({ name }).expect(201);
      await releaseToDev(plane, requester, 'shop', ['1.0.0']);
      await setPipeline('shop', { approvals: { required: 1 } });
    });

    after(async () => {
      await plane?.close();
      await sandbox?.stop();
      await new Promise((resolve) => probe?.close(resolve));
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('refuses bad promotions with 4xx naming the field or the rule, writing nothing', async () => {
      const cases: Array<[object, number, string]> = [
        [{ application: 'shop', from: 'qa', to: 'staging' }, 422, 'from'],
        [{ application: 'shop', from: 'dev', to: 'nowhere' }, 422, 'to'],
        [{ application: 'shop', from: 'dev', to: 'dev' }, 400, 'to'],
        [{ from: 'dev', to: 'staging' }, 400, 'application'],
        [{ application: 'shop', all: true, from: 'dev', to: 'staging' }, 400, 'all'],
        [{ application: 'ghost', from: 'dev', to: 'staging' }, 422, 'application'],
        [{ application: 'shop', from: 'dev', to: 'prod' }, 422, 'to'],
        [{ application: 'shop', from: 'staging', to: 'prod' }, 422, 'application'],
        [{ application: 'shop', from: 'dev', to: 'staging', force: { reason: 'short' } }, 400, 'force.reason'],
      ];
      for (const [body, status, field] of cases) {
        const refused = await promote(body);
        assert.equal(refused.status, status, `${JSON.stringify(body)}: ${refused.text}`);
        assert.ok(
          (refused.body.errors ?? []).some((error: { field: string }) => error.field === field),
          `${field} in ${refused.text}`,
        );
      }
      assert.equal((await promote({ application: 'shop', from: 'dev', to: 'staging' }, viewer)).status, 403);
      assert.equal(await rows(PromotionEntity), 0);
    });

    it('promotes dev (aws) to staging (gcp): the deployment lands on the staging cluster and the environment records it', async () => {
      const done = await promoted({ application: 'shop', from: 'dev', to: 'staging' });
      assert.equal(done.state, 'Succeeded', JSON.stringify(done));
      assert.deepEqual(
        done.items.map((item) => [item.application, item.release]),
        [['shop', '1.0.0']],
      );
      const deployed = await deployment(done.items[0].deploymentId!);
      assert.deepEqual(
        deployed.targets.map((target) => target.cluster),
        ['staging-gcp'],
      );
      assert.equal(await liveVersion('staging-gcp', 'shop'), '1.0.0');
      assert.deepEqual(await currentRelease('staging', 'shop'), {
        version: '1.0.0',
        promotion_id: done.id,
        pinned: false,
      });
    });

    it('waits for approval into prod: the requester and a viewer are refused, another operator approves', async () => {
      const created = await promote({ application: 'shop', from: 'staging', to: 'prod' });
      assert.equal(created.status, 201, created.text);
      const waiting = await waitForPromotion(plane, created.body.id, ['AwaitingApproval', ...FINAL]);
      assert.equal(waiting.state, 'AwaitingApproval', JSON.stringify(waiting));
      const self = await plane.http.post(`/v1/promotions/${waiting.id}/approve`).set(requester).send({});
      assert.equal(self.status, 403, self.text);
      assert.match(self.body.detail, /requested this promotion/);
      assert.equal((await plane.http.post(`/v1/promotions/${waiting.id}/approve`).set(viewer).send({})).status, 403);
      const approved = await plane.http
        .post(`/v1/promotions/${waiting.id}/approve`)
        .set(approver)
        .send({ comment: 'staging looks good' });
      assert.equal(approved.status, 200, approved.text);
      const done = await waitForPromotion(plane, waiting.id, FINAL);
      assert.equal(done.state, 'Succeeded', JSON.stringify(done));
      const approvals = done.gateResults.find((result) => result.gate === 'approvals')!;
      assert.equal(approvals.status, 'passed');
      assert.equal((approvals.evidence.approvedBy as unknown[]).length, 1);
      const deployed = await deployment(done.items[0].deploymentId!);
      assert.deepEqual(deployed.targets.map((target) => target.cluster).sort(), ['prod-azure', 'prod-gcp']);
      for (const cluster of ['prod-gcp', 'prod-azure']) assert.equal(await liveVersion(cluster, 'shop'), '1.0.0');
      assert.equal((await currentRelease('prod', 'shop')).version, '1.0.0');
    });

    it('rejects a declined promotion with the comment, and refuses a decline without one', async () => {
      const created = await promote({ application: 'shop', from: 'staging', to: 'prod' });
      const waiting = await waitForPromotion(plane, created.body.id, ['AwaitingApproval', ...FINAL]);
      const bare = await plane.http.post(`/v1/promotions/${waiting.id}/reject`).set(approver).send({});
      assert.equal(bare.status, 400, bare.text);
      assert.equal(bare.body.errors[0].field, 'comment');
      await plane.http
        .post(`/v1/promotions/${waiting.id}/reject`)
        .set(approver)
        .send({ comment: 'error budget spent this week' })
        .expect(200);
      const done = await waitForPromotion(plane, waiting.id, FINAL);
      assert.equal(done.state, 'Rejected');
      assert.match(done.reason, /error budget spent this week/);
    });

    it('expires a promotion nobody approves within the approvals TTL', async () => {
      await setPipeline('shop', { approvals: { required: 1, ttlSeconds: 1 } });
      const done = await promoted({ application: 'shop', from: 'staging', to: 'prod' });
      assert.equal(done.state, 'Expired', JSON.stringify(done));
      assert.match(done.reason, /not approved within 1s/);
    });

    it('refuses a promotion into a frozen environment naming the freeze; an admin override passes, its reason audited', async () => {
      await setPipeline('shop');
      const now = Date.now();
      await plane.http
        .patch('/v1/environments/prod')
        .set(requester)
        .send({
          freezeWindows: [
            {
              name: 'black-friday',
              kind: 'one-off',
              from: new Date(now - 3_600_000).toISOString(),
              until: new Date(now + 3_600_000).toISOString(),
            },
          ],
        })
        .expect(200);
      const before = await rows(PromotionEntity);
      const frozen = await promote({ application: 'shop', from: 'staging', to: 'prod' });
      assert.equal(frozen.status, 409, frozen.text);
      assert.match(frozen.body.detail, /prod is frozen \(black-friday/);
      const notAdmin = await promote({
        application: 'shop',
        from: 'staging',
        to: 'prod',
        force: { reason: 'security fix CVE-2026-1234' },
      });
      assert.equal(notAdmin.status, 403, notAdmin.text);
      assert.equal(await rows(PromotionEntity), before);
      const reason = 'security fix CVE-2026-1234, agreed with the release manager';
      const forced = await promote({ application: 'shop', from: 'staging', to: 'prod', force: { reason } }, admin);
      assert.equal(forced.status, 201, forced.text);
      assert.equal((await waitForPromotion(plane, forced.body.id, FINAL)).state, 'Succeeded');
      const audit = await plane.dataSource
        .getRepository(AuditEventEntity)
        .findOneByOrFail({ action: 'promotion.create', resourceId: forced.body.id });
      assert.equal((audit.after as { freezeOverride: { reason: string } }).freezeOverride.reason, reason);
      await plane.http.patch('/v1/environments/prod').set(requester).send({ freezeWindows: [] }).expect(200);
    });

    it('fails a promotion whose HTTP verification fails, with the check’s evidence, and rolls prod back', async () => {
      await releaseToDev(plane, requester, 'shop', ['1.1.0']);
      assert.equal((await promoted({ application: 'shop', from: 'dev', to: 'staging' })).state, 'Succeeded');
      await setPipeline('shop', {
        verification: [
          { kind: 'http', name: 'shop-health', url: `${probeUrl}/broken`, retries: 1, intervalSeconds: 0 },
        ],
        rollbackOnFailure: true,
      });
      const before = await currentRelease('prod', 'shop');
      const done = await promoted({ application: 'shop', from: 'staging', to: 'prod' });
      assert.equal(done.state, 'Failed', JSON.stringify(done));
      assert.match(done.reason, /verification failed: shop-health/);
      assert.match(done.reason, /rolling prod back: shop to 1\.0\.0/);
      const check = done.gateResults.find((result) => result.gate === 'http')!;
      assert.equal(check.status, 'failed');
      assert.equal((check.evidence.attempts as unknown[]).length, 2);
      assert.deepEqual(await currentRelease('prod', 'shop'), before, 'the environment keeps its last promoted release');
      const rollback = /deployment ([0-9a-f-]{36})/.exec(done.reason)![1];
      assert.equal((await waitForDeploymentEnd(rollback)).state, 'Succeeded');
      for (const cluster of ['prod-gcp', 'prod-azure']) assert.equal(await liveVersion(cluster, 'shop'), '1.0.0');
    });

    it('promotes a unit of two applications as one promotion, recording both releases together', async () => {
      await setPipeline('shop');
      await releaseToDev(plane, requester, 'cart', ['2.0.0']);
      assert.equal((await promoted({ application: 'cart', from: 'dev', to: 'staging' })).state, 'Succeeded');
      const done = await promoted({ applications: ['shop', 'cart'], from: 'staging', to: 'prod' });
      assert.equal(done.state, 'Succeeded', JSON.stringify(done));
      assert.deepEqual(
        done.items.map((item) => [item.application, item.release, item.previousRelease]),
        [
          ['cart', '2.0.0', null],
          ['shop', '1.1.0', '1.0.0'],
        ],
      );
      assert.equal((await currentRelease('prod', 'shop')).promotion_id, done.id);
      assert.equal((await currentRelease('prod', 'cart')).promotion_id, done.id);
      assert.equal(await liveVersion('prod-azure', 'cart'), '2.0.0');
    });

    it('diffs the releases of two environments per application, and refuses an unknown one naming it', async () => {
      const diff = await plane.http.get('/v1/environments/dev/diff').query({ with: 'prod' }).set(viewer);
      assert.equal(diff.status, 200, diff.text);
      assert.deepEqual(
        diff.body.map(
          (row: { application: string; left: { release: string }; right: { release: string }; same: boolean }) => [
            row.application,
            row.left.release,
            row.right.release,
            row.same,
          ],
        ),
        [
          ['cart', '2.0.0', '2.0.0', true],
          ['shop', '1.1.0', '1.1.0', true],
        ],
      );
      const unknown = await plane.http.get('/v1/environments/dev/diff').query({ with: 'qa' }).set(viewer);
      assert.equal(unknown.status, 422, unknown.text);
      assert.equal(unknown.body.errors[0].field, 'query.with');
    });

    it('refuses (409) a release that never became healthy upstream; forced by an admin, it fails with the real error', async () => {
      await plane.http
        .post('/v1/applications/shop/releases')
        .set(requester)
        .send({ version: '9.9.9-crashloop', manifests: manifests('shop', '9.9.9-crashloop') })
        .expect(201);
      // What a release that never became healthy leaves behind: its deployment in staging failed.
      const failed = await plane.http
        .post('/v1/deployments')
        .set(requester)
        .send({
          application: 'shop',
          release: '9.9.9-crashloop',
          placement: { environments: ['staging'] },
          failFastSeconds: 1,
        })
        .expect(201);
      assert.equal((await waitForDeploymentEnd(failed.body.id)).state, 'Failed');
      const before = await rows(PromotionEntity);
      const refused = await promote({ application: 'shop', from: 'staging', to: 'prod' });
      assert.equal(refused.status, 409, refused.text);
      assert.match(
        refused.body.detail,
        /shop 9\.9\.9-crashloop never became healthy in staging: staging-gcp: Deployment\/shop: \w+/,
      );
      assert.equal(await rows(PromotionEntity), before);
      const reason = 'reproducing the crash in prod on purpose, incident 77';
      const forced = await promote({ application: 'shop', from: 'staging', to: 'prod', force: { reason } }, admin);
      assert.equal(forced.status, 201, forced.text);
      const done = await waitForPromotion(plane, forced.body.id, FINAL);
      assert.equal(done.state, 'Failed');
      assert.match(done.reason, /shop: deployment [0-9a-f-]{36} Failed: .*; prod-(azure|gcp): Deployment\/shop: \w+/);
      const audit = await plane.dataSource
        .getRepository(AuditEventEntity)
        .findOneByOrFail({ action: 'promotion.create', resourceId: forced.body.id });
      assert.equal((audit.after as { force: { reason: string } }).force.reason, reason);
    });

    async function waitForDeploymentEnd(id: string): Promise<DeploymentBody> {
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        const body = await deployment(id);
        if (['Succeeded', 'Failed', 'PartiallyFailed', 'RolledBack', 'Cancelled'].includes(body.state)) return body;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      throw new Error(`deployment ${id} did not end`);
    }
  });
}
