import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  AuditEventEntity,
  BindingRevisionEntity,
  ServiceBindingEntity,
  ServiceInstanceEntity,
} from '@fleetplane/persistence';
import { Sandbox, startSandbox } from '@fleetplane/sandbox';
import { backends } from '../support/database';
import { RunningControlPlane, bearer, startControlPlane, tokenFor } from '../support/control-plane';
import { RunningMoto, startMoto } from '../support/moto';
import { ACCOUNT, AWS_KEYS, createPostgres, createSecret } from './aws-seed';

const PASSWORD = 'orders-pa55-Zq9!';
const STORED_PASSWORD = 'stored-pa55-Xy7?';

for (const backend of backends()) {
  describe(`managed-service instances and bindings over the API (${backend} database)`, { timeout: 180_000 }, () => {
    let plane: RunningControlPlane;
    let moto: RunningMoto;
    let sandbox: Sandbox;
    let kubeconfigDir: string;
    let payments: Record<string, string>;
    let other: Record<string, string>;
    let ordersUse1: string;
    let ordersEuw1: string;
    let secretArn: string;
    let noPasswordArn: string;
    const responses: string[] = [];

    const seen = <T extends { body: unknown; text?: string }>(response: T): T => {
      responses.push(JSON.stringify(response.body));
      return response;
    };
    const register = (body: object, as = payments) =>
      plane.http.post('/v1/service-instances').set(as).send(body).then(seen);
    const putBinding = (name: string, body: object, as = payments) =>
      plane.http.put(`/v1/applications/shop/bindings/${name}`).set(as).send(body).then(seen);
    const fieldsOf = (body: { errors?: Array<{ field: string }> }) => (body.errors ?? []).map((error) => error.field);

    before(async () => {
      moto = await startMoto();
      ordersUse1 = await createPostgres(moto.endpoint, 'us-east-1', 'orders-use1');
      ordersEuw1 = await createPostgres(moto.endpoint, 'eu-west-1', 'orders-euw1');
      secretArn = await createSecret(moto.endpoint, 'us-east-1', 'orders/app', {
        username: 'orders_app',
        password: PASSWORD,
      });
      noPasswordArn = await createSecret(moto.endpoint, 'us-east-1', 'orders/half', { username: 'orders_app' });
      kubeconfigDir = await mkdtemp(join(tmpdir(), 'fleetplane-bindings-'));
      sandbox = await startSandbox({
        clusters: [{ name: 'use1', labels: { cloud: 'aws', region: 'us-east-1' } }],
        kubeconfigDir,
        adminPort: false,
      });
      plane = await startControlPlane(backend, {
        FLEETPLANE_AWS_SERVICES_ENDPOINT: moto.endpoint,
        FLEETPLANE_AWS_SERVICES_REGIONS: 'us-east-1',
      });
      payments = bearer(await tokenFor(plane, 'payments', 'operator'));
      other = bearer(await tokenFor(plane, 'search', 'admin'));
      const kubeconfig = await readFile(join(kubeconfigDir, 'use1.kubeconfig'), 'utf8');
      await plane.http
        .post('/v1/clusters')
        .set(bearer(plane.adminToken))
        .send({
          name: 'use1',
          team: 'payments',
          environment: 'production',
          ref: { provider: 'sandbox', name: 'use1', labels: { cloud: 'aws', region: 'us-east-1' } },
          credential: { type: 'kubeconfig', kubeconfig },
        })
        .expect(201);
      await plane.http
        .post('/v1/applications')
        .set(payments)
        .send({ name: 'shop', defaultNamespace: 'shop' })
        .expect(201);
    });

    after(async () => {
      await plane?.close();
      await sandbox?.stop();
      await moto?.stop();
      if (kubeconfigDir) await rm(kubeconfigDir, { recursive: true, force: true });
    });

    describe('service instances', () => {
      it('registers an RDS instance by its ARN with what AWS says about it, and never returns the credential', async () => {
        const created = await register({ nativeId: ordersUse1, credential: AWS_KEYS }).then((r) => r);
        assert.equal(created.status, 201, created.text);
        assert.equal(created.headers.location, '/v1/service-instances/orders-use1');
        assert.equal(created.body.cloud, 'aws');
        assert.equal(created.body.serviceClass, 'postgresql');
        assert.equal(created.body.product, 'rds-instance');
        assert.equal(created.body.region, 'us-east-1');
        assert.equal(created.body.endpoint.port, 5432);
        assert.deepEqual(created.body.tags, { app: 'orders' });
        assert.equal(created.body.ambient, false);
        assert.equal(JSON.stringify(created.body).includes(AWS_KEYS.secretAccessKey), false);
        const second = await register({ nativeId: ordersEuw1, name: 'orders-euw1', credential: AWS_KEYS });
        assert.equal(second.status, 201, second.text);
        assert.equal(second.body.region, 'eu-west-1');
      });

      it('refuses an ARN of nothing with 422 naming nativeId, and stores nothing', async () => {
        const before = await plane.dataSource.getRepository(ServiceInstanceEntity).count();
        const refused = await register({
          nativeId: `arn:aws:rds:us-east-1:${ACCOUNT}:db:missing`,
          credential: AWS_KEYS,
        });
        assert.equal(refused.status, 422, refused.text);
        assert.deepEqual(fieldsOf(refused.body), ['nativeId']);
        assert.match(refused.headers['content-type'], /application\/problem\+json/);
        assert.equal(await plane.dataSource.getRepository(ServiceInstanceEntity).count(), before);
      });

      it('refuses a text that is no native id, a credential of another cloud and a duplicate registration', async () => {
        const notAnId = await register({ nativeId: 'orders', credential: AWS_KEYS });
        assert.equal(notAnId.status, 422);
        assert.deepEqual(fieldsOf(notAnId.body), ['nativeId']);
        const gcpKey = await register({
          nativeId: ordersUse1,
          credential: { type: 'gcp-service-account-key', keyJson: '{"type":"service_account"}' },
        });
        assert.equal(gcpKey.status, 400);
        assert.deepEqual(fieldsOf(gcpKey.body), ['credential.type']);
        const twice = await register({ nativeId: ordersUse1, name: 'orders-again', credential: AWS_KEYS });
        assert.equal(twice.status, 409);
        assert.deepEqual(fieldsOf(twice.body), ['nativeId']);
      });

      it('lets only platform admins read with the control plane own identity', async () => {
        const refused = await register({
          nativeId: ordersUse1,
          name: 'ambient',
          credential: { type: 'aws-default-chain' },
        });
        assert.equal(refused.status, 403, refused.text);
      });

      it('imports the instances of the swept regions, reporting each, and skips what is registered', async () => {
        await createPostgres(moto.endpoint, 'us-east-1', 'ledger-use1');
        const imported = await plane.http
          .post('/v1/service-instances:import')
          .set(payments)
          .send({ cloud: 'aws', regions: ['us-east-1'], credential: AWS_KEYS })
          .then(seen);
        assert.equal(imported.status, 200, imported.text);
        const outcomes = Object.fromEntries(
          imported.body.instances.map((instance: { name: string; outcome: string }) => [
            instance.name,
            instance.outcome,
          ]),
        );
        assert.equal(outcomes['orders-use1'], 'already-registered');
        assert.equal(outcomes['ledger-use1'], 'registered');
        assert.equal(outcomes['orders-app'], 'registered', 'the Secrets Manager secret');
        assert.equal(
          imported.body.registered,
          imported.body.instances.filter((i: { outcome: string }) => i.outcome === 'registered').length,
        );
      });

      it("reads another team's instances as absent", async () => {
        await plane.http.get('/v1/service-instances/orders-use1').set(other).expect(404);
        const listed = await plane.http.get('/v1/service-instances').set(other).expect(200);
        assert.deepEqual(listed.body.items, []);
        const own = await plane.http.get('/v1/service-instances').set(payments).expect(200);
        assert.ok(own.body.items.some((item: { name: string }) => item.name === 'orders-use1'));
      });
    });

    describe('bindings', () => {
      const regionBinding = (region: string, instance: string) => ({
        class: 'postgresql',
        scope: { level: 'region', region },
        instance,
        locality: 'same-region',
        credential: { type: 'cloud-secret', reference: secretArn },
        env: [{ name: 'DATABASE_URL', key: 'uri' }],
      });

      it('binds per region with a credential read from Secrets Manager at write time', async () => {
        const use1 = await putBinding('orders-db', regionBinding('us-east-1', 'orders-use1'));
        assert.equal(use1.status, 200, use1.text);
        assert.equal(use1.body.revision, 1);
        assert.equal(use1.body.scopeDescription, 'region us-east-1');
        assert.deepEqual(use1.body.credential, { type: 'cloud-secret', reference: secretArn });
        const euw1 = await putBinding('orders-db', regionBinding('eu-west-1', 'orders-euw1'));
        assert.equal(euw1.status, 200, euw1.text);
        const listed = await plane.http.get('/v1/applications/shop/bindings/orders-db').set(payments).then(seen);
        assert.equal(listed.body.items.length, 2);
      });

      it('writes the same binding again without a new revision', async () => {
        const again = await putBinding('orders-db', regionBinding('us-east-1', 'orders-use1'));
        assert.equal(again.body.revision, 1);
      });

      it('explains what a cluster gets, values redacted', async () => {
        const resolved = await plane.http
          .get('/v1/applications/shop/bindings/resolve?cluster=use1')
          .set(payments)
          .then(seen);
        assert.equal(resolved.status, 200, resolved.text);
        const [orders] = resolved.body.bindings;
        assert.equal(orders.status, 'bound');
        assert.equal(orders.instance, 'orders-use1');
        assert.equal(orders.scope, 'region us-east-1');
        assert.equal(orders.secret.name, 'shop-orders-db-binding');
        assert.equal(orders.secret.type, 'servicebinding.io/postgresql');
        assert.equal(orders.secret.entries.password, '(redacted)');
        assert.equal(orders.secret.entries.uri, '(redacted)');
        assert.match(orders.secret.entries.host, /orders-use1/);
        assert.match(orders.secret.sources.password, /credential \(arn:aws:secretsmanager/);
        const verdicts = Object.fromEntries(
          orders.candidates.map((candidate: { scope: string; verdict: string }) => [
            candidate.scope,
            candidate.verdict,
          ]),
        );
        assert.deepEqual(verdicts, { 'region us-east-1': 'chosen', 'region eu-west-1': 'not-matching' });
      });

      it('rotates a stored credential as a new revision, and a repeated write changes nothing', async () => {
        const stored = { type: 'stored', fields: { username: 'orders_app', password: STORED_PASSWORD } };
        const first = await putBinding('orders-db', {
          ...regionBinding('us-east-1', 'orders-use1'),
          credential: stored,
        });
        assert.equal(first.body.revision, 2);
        assert.deepEqual(first.body.credential, { type: 'stored', version: '1', fields: ['password', 'username'] });
        const same = await putBinding('orders-db', {
          ...regionBinding('us-east-1', 'orders-use1'),
          credential: stored,
        });
        assert.equal(same.body.revision, 2);
        const rotated = await putBinding('orders-db', {
          ...regionBinding('us-east-1', 'orders-use1'),
          credential: { type: 'stored', fields: { username: 'orders_app', password: `${STORED_PASSWORD}-2` } },
        });
        assert.equal(rotated.body.revision, 3);
        assert.equal(rotated.body.credential.version, '2');
        const history = await plane.dataSource
          .getRepository(BindingRevisionEntity)
          .find({ where: { bindingId: rotated.body.id }, order: { revision: 'ASC' } });
        assert.deepEqual(
          history.map((revision) => [revision.revision, revision.change]),
          [
            [1, 'created'],
            [2, 'credential-rotated'],
            [3, 'credential-rotated'],
          ],
        );
      });

      describe('refuses, writing nothing', () => {
        const refusals: Array<[string, string, () => object, number, string[]]> = [
          [
            'a reference to a secret without the password',
            'orders-db',
            () => ({
              ...regionBinding('us-west-2', 'orders-use1'),
              credential: { type: 'cloud-secret', reference: noPasswordArn },
            }),
            422,
            ['credential.reference'],
          ],
          [
            'a reference to no secret',
            'orders-db',
            () => ({
              ...regionBinding('us-west-2', 'orders-use1'),
              credential: {
                type: 'cloud-secret',
                reference: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:nope-AbCdEf`,
              },
            }),
            422,
            ['credential.reference'],
          ],
          [
            'a stored credential without the password',
            'orders-db',
            () => ({
              ...regionBinding('us-west-2', 'orders-use1'),
              credential: { type: 'stored', fields: { username: 'u' } },
            }),
            422,
            ['credential.fields'],
          ],
          [
            'a PostgreSQL binding with no credential',
            'orders-db',
            () => ({ ...regionBinding('us-west-2', 'orders-use1'), credential: undefined }),
            422,
            ['credential'],
          ],
          [
            'an unknown class',
            'orders-db',
            () => ({ ...regionBinding('us-west-2', 'orders-use1'), class: 'mongodb' }),
            400,
            ['class'],
          ],
          [
            'a class the instance does not provide',
            'sessions',
            () => ({ ...regionBinding('us-west-2', 'orders-use1'), class: 'redis', credential: undefined }),
            422,
            ['class'],
          ],
          [
            'an instance in another cloud than its cloud scope',
            'orders-db',
            () => ({ ...regionBinding('x', 'orders-use1'), scope: { level: 'cloud', cloud: 'gcp' } }),
            422,
            ['scope.cloud'],
          ],
          ['an instance of no one', 'orders-db', () => regionBinding('us-west-2', 'nope'), 422, ['instance']],
          [
            'a binding name the spec forbids',
            'Orders_DB',
            () => regionBinding('us-west-2', 'orders-use1'),
            422,
            ['path.name'],
          ],
          ['a directory name', '..', () => regionBinding('us-west-2', 'orders-use1'), 422, ['path.name']],
          [
            'a scope without its value',
            'orders-db',
            () => ({ ...regionBinding('x', 'orders-use1'), scope: { level: 'region' } }),
            400,
            ['scope.region'],
          ],
          [
            'an env var naming no entry',
            'orders-db',
            () => ({ ...regionBinding('us-west-2', 'orders-use1'), env: [{ name: 'X', key: 'nope' }] }),
            422,
            ['env[0].key'],
          ],
          [
            'a replica role on a primary',
            'orders-db',
            () => ({ ...regionBinding('us-west-2', 'orders-use1'), role: 'replica' }),
            422,
            ['role'],
          ],
        ];
        for (const [what, name, body, status, fields] of refusals) {
          it(what, async () => {
            const before = await plane.dataSource.getRepository(ServiceBindingEntity).count();
            const refused = await putBinding(encodeURIComponent(name), body());
            assert.equal(refused.status, status, refused.text);
            assert.deepEqual(fieldsOf(refused.body), fields);
            assert.equal(await plane.dataSource.getRepository(ServiceBindingEntity).count(), before);
          });
        }

        it('two equally specific label scopes that can match one cluster, naming both (409)', async () => {
          const gold = await putBinding('orders-db', {
            ...regionBinding('x', 'orders-use1'),
            scope: { level: 'labels', selector: { matchLabels: { tier: 'gold' } } },
          });
          assert.equal(gold.status, 200, gold.text);
          const eu = await putBinding('orders-db', {
            ...regionBinding('x', 'orders-use1'),
            scope: { level: 'labels', selector: { matchLabels: { geo: 'eu' } } },
          });
          assert.equal(eu.status, 409, eu.text);
          assert.match(eu.body.detail, /labels geo=eu .*would tie with binding [0-9a-f-]+ \(labels tier=gold\)/);
          const disjoint = await putBinding('orders-db', {
            ...regionBinding('x', 'orders-use1'),
            scope: { level: 'labels', selector: { matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] } },
          });
          assert.equal(disjoint.status, 200, disjoint.text);
        });
      });

      it("reads another team's bindings as absent", async () => {
        await plane.http.get('/v1/applications/shop/bindings').set(other).expect(404);
        const refused = await putBinding('orders-db', regionBinding('us-east-1', 'orders-use1'), other);
        assert.equal(refused.status, 404);
      });

      it('refuses to deregister a bound instance, naming the binding', async () => {
        const refused = await plane.http.delete('/v1/service-instances/orders-use1').set(payments).then(seen);
        assert.equal(refused.status, 409);
        assert.match(refused.body.detail, /shop\/orders-db/);
      });

      it('removes a binding name with a last revision', async () => {
        const removed = await plane.http.delete('/v1/applications/shop/bindings/orders-db').set(payments).then(seen);
        assert.equal(removed.status, 200, removed.text);
        assert.ok(removed.body.items.length >= 2);
        await plane.http.get('/v1/applications/shop/bindings/orders-db').set(payments).expect(404);
        await plane.http.delete('/v1/service-instances/ledger-use1').set(payments).expect(200);
      });
    });

    it('never put a secret value in a response or the audit log', async () => {
      const audit = await plane.dataSource.getRepository(AuditEventEntity).find();
      const everything = [...responses, ...audit.map((event) => JSON.stringify(event))].join('\n');
      for (const secret of [PASSWORD, STORED_PASSWORD, AWS_KEYS.secretAccessKey]) {
        assert.equal(everything.includes(secret), false, `${secret} leaked`);
      }
      assert.ok(audit.some((event) => event.action === 'binding.credential-rotated'));
    });
  });
}
