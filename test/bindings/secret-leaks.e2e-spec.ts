import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Sandbox } from '@fleetplane/sandbox';
import { startFastSandbox } from '../support/fleet';
import { RunningMoto, startMoto } from '../support/moto';
import { ControlPlaneProcess, spawnControlPlane } from '../support/process';
import { AWS_KEYS, createPostgres, createSecret, rotateSecret } from './aws-seed';

const TOKEN = 'fp_' + 'B'.repeat(43);
const CLOUD_PASSWORD = 'cloud-pa55-Vw3$';
const ROTATED_PASSWORD = 'rotated-pa55-Lm8%';
const STORED_PASSWORD = 'stored-pa55-Hj4&';
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

/**
 * The control plane as users run it, logging at debug level, through a scenario that touches every
 * place a binding credential passes: registration, a stored and a referenced credential, a rotation in
 * the cloud, resolution, preview, a fan-out and drift. Neither the process's output nor any response
 * may contain a secret value.
 */
describe('binding secrets never leave the secret stores', { timeout: 180_000 }, () => {
  let moto: RunningMoto;
  let sandbox: Sandbox;
  let plane: ControlPlaneProcess;
  let dir: string;
  const bodies: string[] = [];
  const call = async (
    method: string,
    path: string,
    body?: object,
  ): Promise<{ status: number; json: { id?: string; state?: string } }> => {
    const response = await fetch(`${plane.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    bodies.push(text);
    return { status: response.status, json: text ? JSON.parse(text) : undefined };
  };

  before(async () => {
    moto = await startMoto();
    dir = await mkdtemp(join(tmpdir(), 'fleetplane-leaks-'));
    sandbox = await startFastSandbox(dir, [{ name: 'leak-use1', labels: { cloud: 'aws', region: 'us-east-1' } }]);
    plane = await spawnControlPlane({
      FLEETPLANE_DATA_DIR: dir,
      FLEETPLANE_BOOTSTRAP_TOKEN: TOKEN,
      FLEETPLANE_AWS_SERVICES_ENDPOINT: moto.endpoint,
      FLEETPLANE_HEALTH_INTERVAL_MS: '0',
      LOG_LEVEL: 'debug',
    });
  });

  after(async () => {
    await plane?.stop();
    await sandbox?.stop();
    await moto?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('runs the scenario', async () => {
    const arn = await createPostgres(moto.endpoint, 'us-east-1', 'leaky');
    const secretArn = await createSecret(moto.endpoint, 'us-east-1', 'leaky/app', {
      username: 'app',
      password: CLOUD_PASSWORD,
    });
    const kubeconfig = await readFile(join(dir, 'leak-use1.kubeconfig'), 'utf8');
    const cluster = await call('POST', '/v1/clusters', {
      name: 'leak-use1',
      labels: { cloud: 'aws', region: 'us-east-1' },
      ref: { provider: 'sandbox', name: 'leak-use1', labels: { cloud: 'aws', region: 'us-east-1' } },
      credential: { type: 'kubeconfig', kubeconfig },
    });
    assert.equal(cluster.status, 201, JSON.stringify(cluster.json));
    assert.equal((await call('POST', '/v1/service-instances', { nativeId: arn, credential: AWS_KEYS })).status, 201);
    assert.equal((await call('POST', '/v1/applications', { name: 'leaky', defaultNamespace: 'leaky' })).status, 201);
    assert.equal(
      (await call('POST', '/v1/applications/leaky/releases', { version: '1', manifests: MANIFESTS })).status,
      201,
    );
    const binding = { class: 'postgresql', scope: { level: 'default' }, instance: 'leaky' };
    const stored = await call('PUT', '/v1/applications/leaky/bindings/db', {
      ...binding,
      credential: { type: 'stored', fields: { username: 'app', password: STORED_PASSWORD } },
    });
    assert.equal(stored.status, 200, JSON.stringify(stored.json));
    const refused = await call('PUT', '/v1/applications/leaky/bindings/db', {
      ...binding,
      credential: { type: 'stored', fields: { username: 'app' } },
    });
    assert.equal(refused.status, 422);
    const referenced = await call('PUT', '/v1/applications/leaky/bindings/db', {
      ...binding,
      credential: { type: 'cloud-secret', reference: secretArn },
    });
    assert.equal(referenced.status, 200);
    await rotateSecret(moto.endpoint, 'us-east-1', secretArn, { username: 'app', password: ROTATED_PASSWORD });
    assert.equal((await call('GET', '/v1/applications/leaky/bindings/resolve?cluster=leak-use1')).status, 200);
    const preview = await call('POST', '/v1/deployments/render', {
      application: 'leaky',
      release: '1',
      placement: { clusters: ['leak-use1'], allowedHealth: ['Healthy', 'Degraded', 'Unknown'] },
      cluster: 'leak-use1',
    });
    assert.equal(preview.status, 200, JSON.stringify(preview.json));
    const deployment = await call('POST', '/v1/deployments', {
      application: 'leaky',
      release: '1',
      placement: { clusters: ['leak-use1'], allowedHealth: ['Healthy', 'Degraded', 'Unknown'] },
    });
    assert.equal(deployment.status, 201, JSON.stringify(deployment.json));
    let state = '';
    for (let attempt = 0; attempt < 300 && !['Succeeded', 'Failed', 'Halted'].includes(state); attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      state = (await call('GET', `/v1/deployments/${deployment.json.id}`)).json.state ?? '';
    }
    assert.equal(state, 'Succeeded');
    assert.equal((await call('POST', '/v1/applications/leaky/drift/check')).status, 200);
    assert.equal((await call('GET', '/v1/audit')).status, 200);
  });

  it('finds no secret value in the process output or any response', () => {
    const everything = [plane.stdout(), plane.stderr(), ...bodies].join('\n');
    assert.match(plane.stdout() + plane.stderr(), /leaky/, 'the log did record the scenario');
    for (const secret of [CLOUD_PASSWORD, ROTATED_PASSWORD, STORED_PASSWORD, AWS_KEYS.secretAccessKey]) {
      assert.equal(everything.includes(secret), false, 'a secret value leaked');
      assert.equal(
        everything.includes(Buffer.from(secret).toString('base64')),
        false,
        'a secret value leaked in base64',
      );
      assert.equal(everything.includes(encodeURIComponent(secret)), false, 'a secret value leaked URL-encoded');
    }
  });
});
