import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Sandbox, startSandbox } from '@fleetplane/sandbox';
import { AWS_KEYS, createPostgres } from '../bindings/aws-seed';
import { runCli } from '../support/cli';
import { RunningControlPlane, bearer, startControlPlane, tokenFor } from '../support/control-plane';
import { waitForDeployment } from '../support/fleet';
import { RunningMoto, startMoto } from '../support/moto';

const PASSWORD = 'cli-pa55-Qw8!';
const ROTATED = 'cli-rotated-Zp4%';
const MANIFESTS = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 1
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: ghcr.io/acme/web:1.0.0 }] }
`;

describe('fleetplane services and bindings', { timeout: 180_000 }, () => {
  let plane: RunningControlPlane;
  let moto: RunningMoto;
  let sandbox: Sandbox;
  let dir: string;
  let env: Record<string, string>;
  let ordersUse1: string;
  const outputs: string[] = [];
  const run = async (args: string[], input?: string) => {
    const result = await runCli(args, env, input);
    outputs.push(result.stdout, result.stderr);
    return result;
  };
  const json = async (args: string[], input?: string) => {
    const result = await run([...args, '-o', 'json'], input);
    assert.equal(result.code, 0, result.stderr);
    return JSON.parse(result.stdout);
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fleetplane-cli-bindings-'));
    moto = await startMoto();
    ordersUse1 = await createPostgres(moto.endpoint, 'us-east-1', 'orders-use1');
    await createPostgres(moto.endpoint, 'us-east-1', 'ledger-use1');
    sandbox = await startSandbox({
      clusters: [{ name: 'use1', labels: { cloud: 'aws', region: 'us-east-1' } }],
      kubeconfigDir: dir,
      adminPort: false,
    });
    plane = await startControlPlane('embedded', {
      FLEETPLANE_AWS_SERVICES_ENDPOINT: moto.endpoint,
      FLEETPLANE_AWS_SERVICES_REGIONS: 'us-east-1',
    });
    const token = await tokenFor(plane, 'payments', 'operator');
    env = { FLEETPLANE_URL: plane.url, FLEETPLANE_TOKEN: token, FLEETPLANE_CONFIG: join(dir, 'cli.json') };
    await plane.http
      .post('/v1/clusters')
      .set(bearer(plane.adminToken))
      .send({
        name: 'use1',
        team: 'payments',
        environment: 'production',
        ref: { provider: 'sandbox', name: 'use1', labels: { cloud: 'aws', region: 'us-east-1' } },
        credential: { type: 'kubeconfig', kubeconfig: await readFile(join(dir, 'use1.kubeconfig'), 'utf8') },
      })
      .expect(201);
    await plane.http
      .post('/v1/applications')
      .set(bearer(token))
      .send({ name: 'shop', defaultNamespace: 'shop' })
      .expect(201);
    await writeFile(join(dir, 'aws.json'), JSON.stringify(AWS_KEYS));
  });

  after(async () => {
    await plane?.close();
    await sandbox?.stop();
    await moto?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('registers an RDS instance by its ARN with the account credential read from a file', async () => {
    const instance = await json([
      'services',
      'instances',
      'register',
      ordersUse1,
      '--credential',
      join(dir, 'aws.json'),
    ]);
    assert.equal(instance.name, 'orders-use1');
    assert.equal(instance.serviceClass, 'postgresql');
    assert.equal(instance.region, 'us-east-1');
  });

  it('imports the rest of the account with the credential on stdin, and lists and gets instances', async () => {
    const table = await run(
      ['services', 'instances', 'import', '--cloud', 'aws', '--region', 'us-east-1', '--credential', '-'],
      JSON.stringify(AWS_KEYS),
    );
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^NAME\s+OUTCOME\s+NATIVE ID/m);
    assert.match(table.stdout, /^ledger-use1\s+registered\s+arn:aws:rds:us-east-1:/m);
    assert.match(table.stdout, /^orders-use1\s+already-registered\s/m);
    assert.match(table.stdout, /discovered \d+, registered 1\n$/);
    const listed = await json(['services', 'instances', 'list']);
    assert.deepEqual(listed.map((instance: { name: string }) => instance.name).sort(), ['ledger-use1', 'orders-use1']);
    const yaml = await run(['services', 'instances', 'get', 'orders-use1', '-o', 'yaml']);
    assert.equal(yaml.code, 0, yaml.stderr);
    assert.match(yaml.stdout, /^nativeId: arn:aws:rds:us-east-1:\d+:db:orders-use1$/m);
  });

  it('refuses a credential given anywhere but a file or stdin, before calling the server', async () => {
    const missing = await run([
      'services',
      'instances',
      'register',
      ordersUse1,
      '--credential',
      join(dir, 'none.json'),
    ]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--credential: cannot read .*none\.json/);
    const notJson = await run(['services', 'instances', 'register', ordersUse1, '--credential', '-'], 'password=x');
    assert.equal(notJson.code, 2);
    assert.match(notJson.stderr, /--credential: stdin is not JSON/);
  });

  it('sets a binding with its credential fields on stdin and shows it without them', async () => {
    const binding = await json(
      [
        'bindings',
        'set',
        'shop',
        'orders-db',
        '--class',
        'postgresql',
        '--instance',
        'orders-use1',
        '--scope',
        'region=us-east-1',
        '--credential-file',
        '-',
        '--workload',
        'Deployment/web',
        '--env',
        'DB_HOST=host',
      ],
      JSON.stringify({ username: 'orders_app', password: PASSWORD }),
    );
    assert.deepEqual(binding.scope, { level: 'region', region: 'us-east-1' });
    assert.deepEqual(binding.credential, { type: 'stored', version: '1', fields: ['password', 'username'] });
    assert.deepEqual(binding.workloads, { type: 'names', names: [{ kind: 'Deployment', name: 'web' }] });
    assert.deepEqual(binding.env, [{ name: 'DB_HOST', key: 'host' }]);
    const table = await run(['bindings', 'list', 'shop']);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^NAME\s+SCOPE\s+CLASS\s+INSTANCE/m);
    assert.match(
      table.stdout,
      /^orders-db\s+region us-east-1\s+postgresql\s+orders-use1\s+primary\s+any\s+stored v1\s+1\s/m,
    );
    const [got] = await json(['bindings', 'get', 'shop', 'orders-db']);
    assert.equal(got.id, binding.id);
  });

  it('prints the problem with each field it names, and exits 1', async () => {
    const wrongClass = await run(
      [
        'bindings',
        'set',
        'shop',
        'orders-db',
        '--class',
        'redis',
        '--instance',
        'orders-use1',
        '--scope',
        'cluster=use1',
        '--credential-file',
        '-',
      ],
      JSON.stringify({ password: PASSWORD }),
    );
    assert.equal(wrongClass.code, 1);
    assert.match(wrongClass.stderr, /^ {2}class: instance orders-use1 is a postgresql, not a redis$/m);
    const badScope = await run([
      'bindings',
      'set',
      'shop',
      'orders-db',
      '--class',
      'postgresql',
      '--instance',
      'orders-use1',
      '--scope',
      'planet=earth',
    ]);
    assert.equal(badScope.code, 2);
    assert.match(badScope.stderr, /--scope: unknown level "planet"/);
  });

  it('resolves what a cluster would get, the credential redacted', async () => {
    const table = await run(['bindings', 'resolve', 'shop', '--cluster', 'use1']);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^orders-db\s+bound\s+region us-east-1\s+orders-use1\s+1\s+shop-orders-db/m);
    const resolution = await json(['bindings', 'resolve', 'shop', '--cluster', 'use1']);
    assert.equal(resolution.bindings[0].secret.entries.password, '(redacted)');
    assert.equal(resolution.bindings[0].secret.entries.host.length > 0, true);
  });

  it('follows the rollout a credential rotation starts (--wait), then shows the binding Ready per cluster', async () => {
    const operator = bearer(env.FLEETPLANE_TOKEN);
    await plane.http
      .post('/v1/applications/shop/releases')
      .set(operator)
      .send({ version: '1.0.0', manifests: MANIFESTS })
      .expect(201);
    const first = await plane.http
      .post('/v1/deployments')
      .set(operator)
      .send({
        application: 'shop',
        release: '1.0.0',
        placement: { clusters: ['use1'], allowedHealth: ['Healthy', 'Unknown'] },
      })
      .expect(201);
    assert.equal((await waitForDeployment(plane, first.body.id, ['Succeeded', 'Failed'])).state, 'Succeeded');

    const rotated = await run(
      [
        'bindings',
        'set',
        'shop',
        'orders-db',
        '--class',
        'postgresql',
        '--instance',
        'orders-use1',
        '--scope',
        'region=us-east-1',
        '--credential-file',
        '-',
        '--workload',
        'Deployment/web',
        '--env',
        'DB_HOST=host',
        '--wait',
      ],
      JSON.stringify({ username: 'orders_app', password: ROTATED }),
    );
    assert.equal(rotated.code, 0, rotated.stderr + rotated.stdout);
    assert.match(
      rotated.stdout,
      /^started deployment [0-9a-f-]{36} of 1\.0\.0 on use1 \(binding-rotation: orders-db@rev 2 \(credential-rotated\)\)$/m,
    );
    assert.match(rotated.stdout, /Succeeded/);

    const table = await run(['bindings', 'status', 'shop']);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^BINDING\s+CLUSTER\s+READY\s+REASON\s+DESIRED\s+APPLIED\s+MESSAGE/m);
    assert.match(table.stdout, /^orders-db\s+use1\s+True\s+Applied\s+2\s+2\s/m);
    const status = await json(['bindings', 'status', 'shop', '--binding', 'orders-db', '--cluster', 'use1']);
    assert.deepEqual(
      status.items.map((item: { cluster: string; conditions: Array<{ reason: string }> }) => [
        item.cluster,
        item.conditions[0].reason,
      ]),
      [['use1', 'Applied']],
    );
  });

  it('removes a binding, and then reads it as absent', async () => {
    const removed = await json(['bindings', 'rm', 'shop', 'orders-db']);
    assert.equal(removed.length, 1);
    const gone = await run(['bindings', 'get', 'shop', 'orders-db']);
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /^error: /);
  });

  it('never prints a secret value', () => {
    const printed = outputs.join('\n');
    assert.equal(printed.includes(PASSWORD), false);
    assert.equal(printed.includes(ROTATED), false);
    assert.equal(printed.includes(AWS_KEYS.secretAccessKey), false);
  });
});
