import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { Sandbox } from '@fleetplane/sandbox';
import { AWS_KEYS, createPostgres, createSecret } from '../bindings/aws-seed';
import { backends } from '../support/database';
import { RunningControlPlane, bearer, startControlPlane } from '../support/control-plane';
import { RunningMoto, startMoto } from '../support/moto';
import { registerPromotionFleet, releaseToDev, startPromotionSandbox, waitForPromotion } from './promotion-support';

const kubectl = promisify(execFile);
const FINAL = ['Succeeded', 'Failed', 'Rejected', 'Expired', 'Cancelled'];
/** Each environment's own database: the binding is scoped by the clusters' `environment`. */
const DATABASES = { dev: 'orders-dev', staging: 'orders-staging', prod: 'orders-prod' };

for (const backend of backends()) {
  describe(
    `each environment resolves its own bindings as releases are promoted (${backend} database)`,
    { timeout: 240_000 },
    () => {
      let plane: RunningControlPlane;
      let moto: RunningMoto;
      let sandbox: Sandbox;
      let dir: string;
      let admin: Record<string, string>;
      const bindingHost = async (cluster: string): Promise<string> => {
        const { stdout } = await kubectl(
          'kubectl',
          [
            '--kubeconfig',
            join(dir, `${cluster}.kubeconfig`),
            '-n',
            'shop',
            'get',
            'secret',
            'shop-orders-db-binding',
            '-o',
            'json',
          ],
          { timeout: 20_000 },
        );
        return Buffer.from((JSON.parse(stdout) as { data: { host: string } }).data.host, 'base64').toString('utf8');
      };

      before(async () => {
        moto = await startMoto();
        const secretArn = await createSecret(moto.endpoint, 'us-east-1', 'orders/promotion', {
          username: 'orders_app',
          password: 'promo-pa55-Wq8%',
          dbname: 'orders',
        });
        for (const name of Object.values(DATABASES)) await createPostgres(moto.endpoint, 'us-east-1', name);
        dir = await mkdtemp(join(tmpdir(), 'fleetplane-promotion-bindings-'));
        sandbox = await startPromotionSandbox(dir);
        plane = await startControlPlane(backend, {
          FLEETPLANE_RATE_LIMIT_PER_MINUTE: '100000',
          FLEETPLANE_AWS_SERVICES_ENDPOINT: moto.endpoint,
        });
        admin = bearer(plane.adminToken);
        await registerPromotionFleet(plane, dir);
        await plane.http
          .post('/v1/applications')
          .set(admin)
          .send({ name: 'shop', defaultNamespace: 'shop' })
          .expect(201);
        for (const [environment, database] of Object.entries(DATABASES)) {
          await plane.http.post('/v1/environments').set(admin).send({ name: environment }).expect(201);
          await plane.http
            .post('/v1/service-instances')
            .set(admin)
            .send({ nativeId: `arn:aws:rds:us-east-1:123456789012:db:${database}`, credential: AWS_KEYS })
            .expect(201);
          const bound = await plane.http
            .put('/v1/applications/shop/bindings/orders-db')
            .set(admin)
            .send({
              class: 'postgresql',
              scope: { level: 'environment', environment },
              instance: database,
              locality: 'any',
              credential: { type: 'cloud-secret', reference: secretArn },
            });
          assert.equal(bound.status, 200, bound.text);
        }
        await releaseToDev(plane, admin, 'shop', ['1.0.0']);
      });

      after(async () => {
        await plane?.close();
        await sandbox?.stop();
        await moto?.stop();
        if (dir) await rm(dir, { recursive: true, force: true });
      });

      it('promotes dev (aws) -> staging (gcp) -> prod (gcp + azure); kubectl shows each cluster its own binding Secret', async () => {
        assert.match(await bindingHost('dev-aws'), /^orders-dev\./);
        for (const [from, to] of [
          ['dev', 'staging'],
          ['staging', 'prod'],
        ]) {
          const created = await plane.http.post('/v1/promotions').set(admin).send({ application: 'shop', from, to });
          assert.equal(created.status, 201, created.text);
          const done = await waitForPromotion(plane, created.body.id, FINAL);
          assert.equal(done.state, 'Succeeded', JSON.stringify(done));
        }
        assert.match(await bindingHost('staging-gcp'), /^orders-staging\./);
        for (const cluster of ['prod-gcp', 'prod-azure']) assert.match(await bindingHost(cluster), /^orders-prod\./);
      });
    },
  );
}
