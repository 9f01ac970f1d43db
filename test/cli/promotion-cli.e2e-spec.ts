import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Sandbox } from '@fleetplane/sandbox';
import { runCli } from '../support/cli';
import { RunningControlPlane, bearer, startControlPlane, tokenFor } from '../support/control-plane';
import { registerPromotionFleet, releaseToDev, startPromotionSandbox } from '../promotion/promotion-support';

const PIPELINE = `
stages:
  - environment: dev
  - environment: prod
    upstreams: [dev]
    gates:
      approvals: { required: 1 }
`;

describe('fleetplane envs, pipelines, promote and approvals', { timeout: 180_000 }, () => {
  let plane: RunningControlPlane;
  let sandbox: Sandbox;
  let dir: string;
  let requester: Record<string, string>;
  let approver: Record<string, string>;
  const run = (env: Record<string, string>, ...args: string[]) => runCli(args, env);

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fleetplane-cli-promotion-'));
    sandbox = await startPromotionSandbox(dir);
    plane = await startControlPlane('embedded', { FLEETPLANE_RATE_LIMIT_PER_MINUTE: '100000' });
    await registerPromotionFleet(plane, dir);
    const cliEnv = (token: string, name: string) => ({
      FLEETPLANE_URL: plane.url,
      FLEETPLANE_TOKEN: token,
      FLEETPLANE_CONFIG: join(dir, `${name}.json`),
    });
    requester = cliEnv(await tokenFor(plane, 'payments', 'operator'), 'requester');
    approver = cliEnv(await tokenFor(plane, 'payments', 'operator'), 'approver');
    for (const name of ['dev', 'prod'])
      await plane.http.post('/v1/environments').set(bearer(requester.FLEETPLANE_TOKEN)).send({ name }).expect(201);
    await releaseToDev(plane, bearer(requester.FLEETPLANE_TOKEN), 'shop', ['1.0.0']);
  });

  after(async () => {
    await plane?.close();
    await sandbox?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('lists environments as JSON and sets a pipeline from YAML', async () => {
    const listed = await run(requester, 'envs', 'list', '-o', 'json');
    assert.equal(listed.code, 0, listed.stderr);
    assert.deepEqual(
      JSON.parse(listed.stdout)
        .map((environment: { name: string }) => environment.name)
        .sort(),
      ['dev', 'prod'],
    );
    await writeFile(join(dir, 'pipeline.yaml'), PIPELINE);
    const set = await run(requester, 'pipelines', 'set', 'shop', '-f', join(dir, 'pipeline.yaml'));
    assert.equal(set.code, 0, set.stderr);
    assert.match(set.stdout, /prod\s+dev\s+no/);
    const read = await run(requester, 'pipelines', 'get', 'shop', '-o', 'yaml');
    assert.match(read.stdout, /required: 1/);
  });

  it('promotes with --wait, following the promotion while another operator approves it', async () => {
    const waiting = run(requester, 'promote', 'shop', '--from', 'dev', '--to', 'prod', '--wait');
    let id: string | undefined;
    const deadline = Date.now() + 60_000;
    while (!id && Date.now() < deadline) {
      const listed = await run(approver, 'approvals', 'list', '-o', 'json');
      id = (JSON.parse(listed.stdout || '[]') as Array<{ id: string }>)[0]?.id;
      if (!id) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.ok(id, 'the promotion waited for approval');
    const own = await run(requester, 'approvals', 'approve', id);
    assert.notEqual(own.code, 0);
    assert.match(own.stderr, /requested this promotion/);
    const approved = await run(approver, 'approvals', 'approve', id, '-m', 'ship it');
    assert.equal(approved.code, 0, approved.stderr);
    const result = await waiting;
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /AwaitingApproval: waiting for approvals \(0 of 1 approvals\)/);
    assert.match(result.stdout, /Succeeded: promoted into prod/);
    const prod = await run(requester, 'envs', 'get', 'prod');
    assert.match(prod.stdout, /shop\s+1\.0\.0\s+no/);
    const diff = await run(requester, 'envs', 'diff', 'dev', 'prod');
    assert.match(diff.stdout, /APPLICATION\s+DEV\s+PROD\s+SAME\n\s*shop\s+1\.0\.0\s+1\.0\.0\s+yes/);
  });
});
