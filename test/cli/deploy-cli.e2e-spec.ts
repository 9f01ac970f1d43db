import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { Sandbox } from '@fleetplane/sandbox';
import { runCli } from '../support/cli';
import { RunningControlPlane, startControlPlane } from '../support/control-plane';
import { registerFleet, startFastSandbox } from '../support/fleet';
import { storefrontManifests } from '../deployments/storefront';

describe('fleetplane deploy', { timeout: 180_000 }, () => {
  let plane: RunningControlPlane;
  let sandbox: Sandbox;
  let dir: string;
  let env: Record<string, string>;
  const run = (...args: string[]) => runCli(args, env);
  /** The deployment GETs and event streams the control plane has answered so far, from its own request metrics. */
  const deploymentReads = async () => {
    const metrics = (await plane.http.get('/metrics').expect(200)).text;
    const answered = (route: string) =>
      Number(
        new RegExp(
          `^fleetplane_http_request_duration_seconds_count\\{method="GET",route="${route}",status="200"\\} (\\d+)$`,
          'm',
        ).exec(metrics)?.[1] ?? 0,
      );
    return { gets: answered('/v1/deployments/:id'), streams: answered('/v1/deployments/:id/events') };
  };
  /** Runs a command that follows a rollout, checking it read the events instead of polling, however long it ran. */
  const runFollowing = async (...args: string[]) => {
    const before = await deploymentReads();
    const result = await run(...args);
    const after = await deploymentReads();
    assert.deepEqual(
      { gets: after.gets - before.gets, streams: after.streams - before.streams },
      { gets: 2, streams: 1 },
      `one GET to start from, one event stream, one GET of the final view\n${result.stderr}`,
    );
    return result;
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fleetplane-cli-deploy-'));
    sandbox = await startFastSandbox(dir);
    plane = await startControlPlane('embedded', { FLEETPLANE_RATE_LIMIT_PER_MINUTE: '100000' });
    await registerFleet(plane, sandbox, dir);
    env = { FLEETPLANE_URL: plane.url, FLEETPLANE_TOKEN: plane.adminToken, FLEETPLANE_CONFIG: join(dir, 'cli.json') };
    await writeFile(join(dir, 'good.yaml'), storefrontManifests());
    await writeFile(join(dir, 'bad.yaml'), storefrontManifests('ghcr.io/acme/storefront:2-crashloop'));
  });
  after(async () => {
    await plane?.close();
    await sandbox?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('creates an application and releases from files', async () => {
    assert.equal((await run('apps', 'create', 'storefront', '--namespace', 'shop')).code, 0);
    const release = await run('release', 'storefront', '1', '-f', join(dir, 'good.yaml'));
    assert.match(release.stdout, /storefront\s+1\s+5\s+sha256:/);
    assert.equal((await run('release', 'storefront', '2', '-f', join(dir, 'bad.yaml'))).code, 0);
  });

  it('switches automatic drift reconcile on and off, and refuses an update that changes nothing', async () => {
    assert.match((await run('apps', 'update', 'storefront', '--auto-reconcile')).stdout, /storefront\s+true/);
    assert.match((await run('apps', 'update', 'storefront', '--no-auto-reconcile')).stdout, /storefront\s+false/);
    const usage = await run('apps', 'update', 'storefront');
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--auto-reconcile or --no-auto-reconcile/);
  });

  it('follows a rollout with one plain line per cluster change when not on a terminal, exiting 0 on success', async () => {
    const result = await runFollowing('deploy', 'storefront', '1', '--clouds', 'aws,gcp,azure', '--wait');
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stdout.split('\n')[0],
      /Z rollout [0-9a-f-]{36}: storefront 1$/,
      'first, which deployment it is',
    );
    for (const cluster of ['fleet-aws', 'fleet-gcp', 'fleet-azure']) {
      // The first state is what the initial GET saw, which depends on how far the rollout had got
      // (Pending, Applying or WaitingReady); the events bring the rest, Ready last.
      assert.match(result.stdout, new RegExp(`Z ${cluster} \\w+ wave 0: (Pending|Applying|WaitingReady)\\n`));
      assert.match(result.stdout, new RegExp(`Z ${cluster} \\w+ wave 0: Ready\\n`));
    }
    assert.match(result.stdout, /Z deployment (Pending|Progressing): 3 clusters in 1 wave\n/);
    assert.match(result.stdout, /deployment Succeeded/);
    assert.equal(result.stdout.includes('\u001b['), false, 'no terminal escapes in a log');
  });

  it("shows how long each cluster spent queued, applying and waiting ready in a deployment's view", async () => {
    const [succeeded] = JSON.parse((await run('deployments', 'list', '--state', 'Succeeded', '-o', 'json')).stdout);
    const view = await run('deployments', 'get', succeeded.id);
    assert.equal(view.code, 0, view.stderr);
    assert.match(view.stdout, /CLUSTER\s+CLOUD\s+WAVE\s+STATE\s+QUEUED\s+APPLY\s+READY-WAIT\s+TOTAL\s+ERROR\n/);
    const duration = String.raw`\d+(ms|\.\ds|m\d\ds)`;
    for (const cluster of ['fleet-aws', 'fleet-gcp', 'fleet-azure'])
      assert.match(
        view.stdout,
        new RegExp(`${cluster}\\s+\\w+\\s+0\\s+Ready(\\s+${duration}){4}\\n`),
        `${cluster}'s durations\n${view.stdout}`,
      );
  });

  it('exits non-zero when the rollout fails, showing the Kubernetes reason', async () => {
    const result = await runFollowing('deploy', 'storefront', '2', '--clusters', 'fleet-aws', '--wait');
    assert.equal(result.code, 1);
    assert.match(result.stdout, /fleet-aws aws wave 0: Failed \(.*(ProgressDeadlineExceeded|CrashLoopBackOff)/);
  });

  it('lists deployments and reports drift', async () => {
    const list = JSON.parse((await run('deployments', 'list', '--application', 'storefront', '-o', 'json')).stdout);
    assert.deepEqual(list.map((d: { state: string }) => d.state).sort(), ['Failed', 'Succeeded'].sort());
    await promisify(execFile)('kubectl', [
      '--kubeconfig',
      join(dir, 'fleet-gcp.kubeconfig'),
      'patch',
      'configmap',
      'storefront-config',
      '-n',
      'shop',
      '--type',
      'merge',
      '-p',
      '{"data":{"LOG_LEVEL":"debug"}}',
    ]);
    const drift = await run('drift', 'storefront');
    assert.match(
      drift.stdout,
      /fleet-gcp\s+ConfigMap\/storefront-config\s+data\.LOG_LEVEL\s+"info"\s+"debug"\s+drifted/,
    );
    // fleet-aws runs release 2, whose rollout failed there: that is what it was given, so it is in sync.
    assert.match(drift.stdout, /fleet-aws\s+in sync/);
    assert.equal((await run('apps', 'update', 'storefront', '--auto-reconcile')).code, 0);
    assert.match(
      (await run('drift', 'storefront')).stdout,
      /fleet-gcp\s+ConfigMap\/storefront-config\s+data\.LOG_LEVEL.*reconciled/,
    );
    assert.match((await run('drift', 'storefront')).stdout, /fleet-gcp\s+in sync/);
  });
});
