import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Sandbox, startSandbox } from '@fleetplane/sandbox';
import { HealthProber } from '../../apps/control-plane/src/clusters/health/health-prober';
import { runCli } from '../support/cli';
import { RunningControlPlane, startControlPlane } from '../support/control-plane';

describe('fleetplane clusters', { timeout: 120_000 }, () => {
  let plane: RunningControlPlane;
  let sandbox: Sandbox;
  let dir: string;
  let env: Record<string, string>;
  const run = (...args: string[]) => runCli(args, env);
  const json = async (...args: string[]) => {
    const result = await run(...args, '-o', 'json');
    assert.equal(result.code, 0, result.stderr);
    return JSON.parse(result.stdout);
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fleetplane-cli-clusters-'));
    sandbox = await startSandbox({
      clusters: [{ name: 'edge-1', labels: { cloud: 'gcp', region: 'europe-west1' } }, { name: 'edge-2' }],
      kubeconfigDir: dir,
      adminPort: false,
    });
    plane = await startControlPlane('embedded');
    env = { FLEETPLANE_URL: plane.url, FLEETPLANE_TOKEN: plane.adminToken, FLEETPLANE_CONFIG: join(dir, 'cli.json') };
  });
  after(async () => {
    await plane?.close();
    await sandbox?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('registers clusters from kubeconfig files, with labels', async () => {
    const kubeconfig = join(dir, 'edge-1.kubeconfig');
    const first = await json(
      'clusters',
      'register',
      'edge-1',
      '--provider',
      'sandbox',
      '--kubeconfig',
      kubeconfig,
      '-l',
      'tier=edge',
      'cloud=gcp',
      'region=europe-west1',
      '--environment',
      'prod',
    );
    assert.equal(first.cloud, 'gcp');
    assert.equal(first.region, 'europe-west1');
    assert.deepEqual(first.labels, { tier: 'edge', cloud: 'gcp', region: 'europe-west1' });
    await json(
      'clusters',
      'register',
      'edge-2',
      '--provider',
      'sandbox',
      '--kubeconfig',
      join(dir, 'edge-2.kubeconfig'),
    );
  });

  it('lists clusters as a table and filters by selector', async () => {
    const table = await run('clusters', 'list');
    assert.match(table.stdout, /^NAME\s+PROVIDER\s+CLOUD\s+REGION\s+ENV\s+HEALTH\s+VERSION\s+LABELS\n/);
    assert.match(
      table.stdout,
      /edge-1\s+sandbox\s+gcp\s+europe-west1\s+prod\s+Unknown\s+v1\.32\.0-sandbox\s+tier=edge,cloud=gcp,region=europe-west1/,
    );
    assert.match(
      table.stdout,
      /\nedge-2\s+sandbox\s+\S+\s+\S+\s+default\s+Unknown\s/,
      'registered without --environment',
    );
    const selected = await json('clusters', 'list', '--selector', 'tier=edge');
    assert.deepEqual(
      selected.map((c: { name: string }) => c.name),
      ['edge-1'],
    );
  });

  it('sets and removes labels kubectl style', async () => {
    await json('clusters', 'label', 'edge-2', 'tier=core', 'owner=sre');
    const updated = await json('clusters', 'label', 'edge-2', 'owner-');
    assert.deepEqual(updated.labels, { tier: 'core' });
  });

  it('cordons, shows health, and deregisters', async () => {
    assert.equal((await json('clusters', 'cordon', 'edge-1')).cordoned, true);
    await plane.app.get(HealthProber).probeAll();
    const health = await run('clusters', 'health', 'edge-1');
    assert.match(health.stdout, /Unknown\s+Healthy\s+API \/readyz 200/);
    const got = await run('clusters', 'get', 'edge-1');
    assert.match(got.stdout, /Healthy,Cordoned/);
    await json('clusters', 'deregister', 'edge-2');
    const missing = await run('clusters', 'get', 'edge-2');
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /Not found \(404\): Cluster edge-2 does not exist/);
  });

  it('says which flag a provider needs', async () => {
    const result = await run('clusters', 'register', 'x', '--provider', 'eks', '--credential', join(dir, 'none.json'));
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--region is required for this provider/);
  });
});
