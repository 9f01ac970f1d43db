import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { runCli } from '../support/cli';
import { RunningControlPlane, startControlPlane } from '../support/control-plane';

describe('the fleetplane CLI against a running control plane', () => {
  let plane: RunningControlPlane;
  let home: string;
  let configFile: string;

  before(async () => {
    plane = await startControlPlane('embedded');
    home = await mkdtemp(join(tmpdir(), 'fleetplane-cli-'));
    configFile = join(home, 'config', 'fleetplane.json');
  });
  after(async () => {
    await plane.close();
    await rm(home, { recursive: true, force: true });
  });

  const run = (args: string[], env: Record<string, string> = {}) =>
    runCli(args, { FLEETPLANE_CONFIG: configFile, ...env });

  it('refuses to work before login, explaining how', async () => {
    const result = await run(['whoami']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /not logged in: run `fleetplane login/);
  });

  it('logs in after checking the token, and keeps it in a file only its owner can read', async () => {
    const result = await run(['login', '--url', plane.url, '--token', plane.adminToken]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /logged in to .* as bootstrap-admin \(platform\/admin\)/);
    assert.equal((await stat(configFile)).mode & 0o777, 0o600);
    assert.deepEqual(JSON.parse(await readFile(configFile, 'utf8')), { url: plane.url, token: plane.adminToken });
  });

  it('refuses a login with a bad token and saves nothing new', async () => {
    const before = await readFile(configFile, 'utf8');
    const result = await run(['login', '--url', plane.url, '--token', `fp_${'x'.repeat(43)}`]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /error: Unauthorized \(401\): The token is not known\./);
    assert.equal(await readFile(configFile, 'utf8'), before);
  });

  it('shows who it is as a table, JSON or YAML', async () => {
    const table = await run(['whoami']);
    assert.match(
      table.stdout,
      /^TOKEN\s+ID\s+TEAM\s+ROLE\s+PLATFORM-ADMIN\nbootstrap-admin\s+\S+\s+platform\s+admin\s+true\n$/,
    );
    const json = JSON.parse((await run(['whoami', '-o', 'json'])).stdout);
    assert.equal(json.team, 'platform');
    const yaml = parse((await run(['-o', 'yaml', 'whoami'])).stdout);
    assert.equal(yaml.role, 'admin');
  });

  it('creates, lists and revokes tokens', async () => {
    await run(['teams', 'create', 'cli-team']);
    const created = JSON.parse(
      (
        await run([
          'tokens',
          'create',
          '--name',
          'ci',
          '--role',
          'operator',
          '--team',
          'cli-team',
          '--expires-in-days',
          '7',
          '-o',
          'json',
        ])
      ).stdout,
    );
    assert.match(created.token, /^fp_/);
    const listed = JSON.parse((await run(['tokens', 'list', '--team', 'cli-team', '-o', 'json'])).stdout);
    assert.deepEqual(
      listed.map((t: { id: string }) => t.id),
      [created.id],
    );
    const revoked = JSON.parse((await run(['tokens', 'revoke', created.id, '-o', 'json'])).stdout);
    assert.ok(revoked.revokedAt);
    const remaining = JSON.parse((await run(['tokens', 'list', '--team', 'cli-team', '-o', 'json'])).stdout);
    assert.deepEqual(remaining, []);
  });

  it("prints the server's problem with each wrong field and exits non-zero", async () => {
    const result = await run(['teams', 'create', 'Not_Valid']);
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /error: Validation failed \(400\): The request has invalid fields\.\n {2}name: must be a DNS label/,
    );
    assert.match(result.stderr, /\(request [0-9a-f-]{36}\)/);
  });

  it('refuses bad arguments before calling the server', async () => {
    const result = await run(['tokens', 'create', '--name', 'x', '--role', 'root']);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /argument 'root' is invalid\. Allowed choices are viewer, operator, admin/);
  });

  it('lists the audit log, with filters', async () => {
    const events = JSON.parse((await run(['audit', 'list', '--action', 'token.revoke', '-o', 'json'])).stdout);
    assert.equal(events.length, 1);
    assert.equal(events[0].resourceType, 'token');
  });

  it('takes the target from FLEETPLANE_URL and FLEETPLANE_TOKEN over the file', async () => {
    const result = await run(['whoami', '-o', 'json'], {
      FLEETPLANE_CONFIG: join(home, 'absent.json'),
      FLEETPLANE_URL: plane.url,
      FLEETPLANE_TOKEN: plane.adminToken,
    });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(JSON.parse(result.stdout).tokenName, 'bootstrap-admin');
  });
});
