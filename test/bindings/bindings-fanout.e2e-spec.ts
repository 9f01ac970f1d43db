import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { DeploymentEventEntity, DeploymentTargetEntity } from '@fleetplane/persistence';
import { Sandbox } from '@fleetplane/sandbox';
import { backends } from '../support/database';
import { RunningControlPlane, bearer, startControlPlane } from '../support/control-plane';
import { registerFleet, startFastSandbox, waitForDeployment } from '../support/fleet';
import { RunningMoto, startMoto } from '../support/moto';
import { AWS_KEYS, createPostgres, createSecret } from './aws-seed';

const kubectl = promisify(execFile);
const PASSWORD = 'fanout-pa55-Kq2#';
const CLUSTERS = [
  { name: 'bind-use1', labels: { cloud: 'aws', region: 'us-east-1' } },
  { name: 'bind-euw1', labels: { cloud: 'aws', region: 'eu-west-1' } },
  { name: 'bind-gcp', labels: { cloud: 'gcp', region: 'europe-west1' } },
];
const MANIFESTS = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, labels: { tier: web } }
spec:
  replicas: 1
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: ghcr.io/acme/web:1.0.0 }] }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: worker, labels: { tier: batch } }
spec:
  replicas: 1
  selector: { matchLabels: { app: worker } }
  template:
    metadata: { labels: { app: worker } }
    spec: { containers: [{ name: worker, image: ghcr.io/acme/worker:1.0.0 }] }
`;

interface LiveSecret {
  type: string;
  data: Record<string, string>;
  metadata: { labels: Record<string, string> };
}
interface LiveDeployment {
  spec: {
    template: {
      metadata: { annotations?: Record<string, string> };
      spec: {
        volumes?: Array<{ name: string; secret?: { secretName: string } }>;
        containers: Array<{
          env?: Array<{ name: string; value?: string; valueFrom?: object }>;
          volumeMounts?: Array<{ name: string; mountPath: string }>;
        }>;
      };
    };
  };
}

for (const backend of backends()) {
  describe(`bindings in the fan-out (${backend} database)`, { timeout: 240_000 }, () => {
    let plane: RunningControlPlane;
    let moto: RunningMoto;
    let sandbox: Sandbox;
    let dir: string;
    let admin: Record<string, string>;
    const responses: string[] = [];
    const kube = async <T>(cluster: string, ...args: string[]): Promise<T> =>
      JSON.parse(
        (
          await kubectl('kubectl', ['--kubeconfig', join(dir, `${cluster}.kubeconfig`), ...args, '-o', 'json'], {
            timeout: 20_000,
          })
        ).stdout,
      ) as T;
    const decode = (value: string) => Buffer.from(value, 'base64').toString('utf8');
    const deploy = (clusters: string[]) =>
      plane.http
        .post('/v1/deployments')
        .set(admin)
        .send({ application: 'shop', release: '1.0.0', placement: { clusters } })
        .then((response) => {
          responses.push(JSON.stringify(response.body));
          return response;
        });

    before(async () => {
      moto = await startMoto();
      await createPostgres(moto.endpoint, 'us-east-1', 'orders-use1');
      await createPostgres(moto.endpoint, 'eu-west-1', 'orders-euw1');
      const secretArn = await createSecret(moto.endpoint, 'us-east-1', 'orders/fanout', {
        username: 'orders_app',
        password: PASSWORD,
        dbname: 'orders',
      });
      dir = await mkdtemp(join(tmpdir(), 'fleetplane-bindings-fanout-'));
      sandbox = await startFastSandbox(dir, CLUSTERS);
      plane = await startControlPlane(backend, {
        FLEETPLANE_RATE_LIMIT_PER_MINUTE: '100000',
        FLEETPLANE_AWS_SERVICES_ENDPOINT: moto.endpoint,
      });
      admin = bearer(plane.adminToken);
      await registerFleet(plane, sandbox, dir);
      await plane.http.post('/v1/applications').set(admin).send({ name: 'shop', defaultNamespace: 'shop' }).expect(201);
      await plane.http
        .post('/v1/applications/shop/releases')
        .set(admin)
        .send({ version: '1.0.0', manifests: MANIFESTS })
        .expect(201);
      for (const [name, region] of [
        ['orders-use1', 'us-east-1'],
        ['orders-euw1', 'eu-west-1'],
      ]) {
        await plane.http
          .post('/v1/service-instances')
          .set(admin)
          .send({ nativeId: `arn:aws:rds:${region}:123456789012:db:${name}`, credential: AWS_KEYS })
          .expect(201);
        const bound = await plane.http
          .put('/v1/applications/shop/bindings/orders-db')
          .set(admin)
          .send({
            class: 'postgresql',
            scope: { level: 'region', region },
            instance: name,
            locality: 'same-region',
            credential: { type: 'cloud-secret', reference: secretArn },
            workloads: { type: 'labels', selector: { matchLabels: { tier: 'web' } } },
            env: [{ name: 'DATABASE_URL', key: 'uri' }],
          });
        assert.equal(bound.status, 200, bound.text);
      }
    });

    after(async () => {
      await plane?.close();
      await sandbox?.stop();
      await moto?.stop();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('refuses a deployment to a cluster no instance can serve, naming the cluster and the binding (422)', async () => {
      const refused = await deploy(['bind-use1', 'bind-gcp']);
      assert.equal(refused.status, 422, refused.text);
      assert.equal(refused.body.type, 'urn:fleetplane:problem:binding-unsatisfied');
      assert.deepEqual(
        refused.body.errors.map((error: { field: string; message: string }) => [
          error.field,
          error.message.split(':')[0],
        ]),
        [['bindings.orders-db', 'cluster bind-gcp']],
      );
    });

    it('previews the binding Secret and the projected workload with every credential value redacted', async () => {
      const preview = await plane.http
        .post('/v1/deployments/render')
        .set(admin)
        .send({ application: 'shop', release: '1.0.0', placement: { clusters: ['bind-euw1'] }, cluster: 'bind-euw1' })
        .then((response) => {
          responses.push(JSON.stringify(response.body));
          return response;
        });
      assert.equal(preview.status, 200, preview.text);
      const secret = preview.body.objects.find((object: { kind: string }) => object.kind === 'Secret');
      assert.equal(secret.type, 'servicebinding.io/postgresql');
      assert.equal(secret.stringData.password, '(redacted)');
      assert.match(secret.stringData.host, /^orders-euw1\./);
      assert.equal(secret.metadata.labels['fleetplane.io/application'], 'shop');
    });

    it("applies each cluster's own Secret, mounted at /bindings/orders-db in the web Deployment only", async () => {
      const created = await deploy(['bind-use1', 'bind-euw1']);
      assert.equal(created.status, 201, created.text);
      const done = await waitForDeployment(plane, created.body.id, ['Succeeded', 'Failed', 'Halted']);
      assert.equal(done.state, 'Succeeded', JSON.stringify(done.targets));
      for (const [cluster, instance] of [
        ['bind-use1', 'orders-use1'],
        ['bind-euw1', 'orders-euw1'],
      ]) {
        const secret = await kube<LiveSecret>(cluster, 'get', 'secret', 'shop-orders-db-binding', '-n', 'shop');
        assert.equal(secret.type, 'servicebinding.io/postgresql');
        assert.equal(decode(secret.data.type), 'postgresql');
        assert.equal(decode(secret.data.provider), 'amazon-rds');
        assert.match(decode(secret.data.host), new RegExp(`^${instance}\\.`));
        assert.equal(decode(secret.data.port), '5432');
        assert.equal(decode(secret.data.database), 'orders');
        assert.equal(decode(secret.data.password), PASSWORD);
        assert.match(
          decode(secret.data.uri),
          new RegExp(`^postgresql://orders_app:.+@${instance}\\.[^/]+:5432/orders\\?sslmode=require$`),
        );
        assert.equal(secret.metadata.labels['fleetplane.io/application'], 'shop');
        assert.equal(secret.metadata.labels['app.kubernetes.io/managed-by'], 'fleetplane');

        const web = await kube<LiveDeployment>(cluster, 'get', 'deployment', 'web', '-n', 'shop');
        const pod = web.spec.template;
        assert.deepEqual(pod.spec.volumes, [
          { name: 'binding-orders-db', secret: { secretName: 'shop-orders-db-binding' } },
        ]);
        const container = pod.spec.containers[0];
        assert.deepEqual(
          container.volumeMounts?.map((mount) => [mount.name, mount.mountPath]),
          [['binding-orders-db', '/bindings/orders-db']],
        );
        assert.deepEqual(container.env?.[0], { name: 'SERVICE_BINDING_ROOT', value: '/bindings' });
        assert.deepEqual(container.env?.[1], {
          name: 'DATABASE_URL',
          valueFrom: { secretKeyRef: { name: 'shop-orders-db-binding', key: 'uri' } },
        });
        assert.match(pod.metadata.annotations?.['fleetplane.io/binding-revisions'] ?? '', /^[0-9a-f]{32}$/);

        const worker = await kube<LiveDeployment>(cluster, 'get', 'deployment', 'worker', '-n', 'shop');
        assert.equal(worker.spec.template.spec.volumes, undefined, 'the worker does not consume the binding');
      }
    });

    it('reports a binding Secret changed by hand by hashes, never values', async () => {
      await kubectl('kubectl', [
        '--kubeconfig',
        join(dir, 'bind-use1.kubeconfig'),
        '-n',
        'shop',
        'patch',
        'secret',
        'shop-orders-db-binding',
        '--type',
        'merge',
        '-p',
        JSON.stringify({ data: { password: Buffer.from('typed-by-hand').toString('base64') } }),
      ]);
      const drift = await plane.http
        .post('/v1/applications/shop/drift/check')
        .set(admin)
        .then((response) => {
          responses.push(JSON.stringify(response.body));
          return response;
        });
      assert.equal(drift.status, 200, drift.text);
      const use1 = drift.body.find((cluster: { cluster: string }) => cluster.cluster === 'bind-use1');
      const secret = use1.objects.find((object: { kind: string }) => object.kind === 'Secret');
      assert.ok(secret, JSON.stringify(drift.body));
      assert.deepEqual(
        secret.fields.map((field: { path: string }) => field.path),
        ['data'],
      );
      assert.match(secret.fields[0].expected, /^sha256:[0-9a-f]{64}$/);
      assert.notEqual(secret.fields[0].expected, secret.fields[0].actual);
      const euw1 = drift.body.find((cluster: { cluster: string }) => cluster.cluster === 'bind-euw1');
      assert.equal(euw1.inSync, true, JSON.stringify(euw1));
    });

    it('keeps the secret values out of every response, target and event', async () => {
      const targets = await plane.dataSource.getRepository(DeploymentTargetEntity).find();
      const events = await plane.dataSource.getRepository(DeploymentEventEntity).find();
      const stored = [...targets, ...events].map((row) => JSON.stringify(row));
      for (const text of [...responses, ...stored]) {
        assert.equal(text.includes(PASSWORD), false);
        assert.equal(text.includes(Buffer.from(PASSWORD).toString('base64')), false);
        assert.equal(text.includes('typed-by-hand'), false);
      }
    });
  });
}
