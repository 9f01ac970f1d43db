import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Sandbox } from '@fleetplane/sandbox';
import { runCli } from '../support/cli';
import { RunningControlPlane, startControlPlane } from '../support/control-plane';
import { registerFleet, startFastSandbox } from '../support/fleet';
import { storefrontManifests } from '../deployments/storefront';

const CLOUDS = ['aws', 'gcp', 'azure'];
const FLEET = Array.from({ length: 20 }, (_, index) => ({
  name: `wait-${String(index).padStart(2, '0')}`,
  labels: { cloud: CLOUDS[index % CLOUDS.length], region: 'local' },
}));
/** The race between the last clusters' events and the deployment's is a matter of timing: try it a few times. */
const ROLLOUTS = 4;

describe('fleetplane deploy --wait on a fleet of fast clusters', { timeout: 240_000 }, () => {
  let plane: RunningControlPlane;
  let sandbox: Sandbox;
  let dir: string;
  let env: Record<string, string>;
  const run = (...args: string[]) => runCli(args, env);

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fleetplane-cli-wait-'));
    sandbox = await startFastSandbox(dir, FLEET);
    plane = await startControlPlane('embedded', { FLEETPLANE_RATE_LIMIT_PER_MINUTE: '100000' });
    await registerFleet(plane, sandbox, dir);
    env = { FLEETPLANE_URL: plane.url, FLEETPLANE_TOKEN: plane.adminToken, FLEETPLANE_CONFIG: join(dir, 'cli.json') };
    assert.equal((await run('apps', 'create', 'storefront', '--namespace', 'shop')).code, 0);
    for (let version = 1; version <= ROLLOUTS; version++) {
      await writeFile(join(dir, `${version}.yaml`), storefrontManifests(`ghcr.io/acme/storefront:${version}.0.0`));
      assert.equal((await run('release', 'storefront', String(version), '-f', join(dir, `${version}.yaml`))).code, 0);
    }
  });
  after(async () => {
    await plane?.close();
    await sandbox?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('prints the verdict last, after every cluster has printed its Ready line', async () => {
    for (let version = 1; version <= ROLLOUTS; version++) {
      const result = await run('deploy', 'storefront', String(version), '--clouds', CLOUDS.join(','), '--wait');
      assert.equal(result.code, 0, result.stderr);
      const lines = result.stdout.trim().split('\n');
      assert.match(lines.at(-1) ?? '', /Z deployment Succeeded: /, `rollout ${version}: the verdict is last`);
      assert.equal(lines.filter((line) => / deployment Succeeded: /.test(line)).length, 1);
      for (const { name } of FLEET)
        assert.ok(
          lines.slice(0, -1).some((line) => new RegExp(`Z ${name} \\w+ wave 0: Ready$`).test(line)),
          `rollout ${version}: ${name}'s Ready line comes before the verdict\n${result.stdout}`,
        );
    }
  });
});
