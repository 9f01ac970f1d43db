import assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SsoSessionEntity } from '@fleetplane/persistence';
import { runCli } from '../support/cli';
import { RunningControlPlane, bearer, startControlPlane } from '../support/control-plane';
import { backends, createScratchDatabase } from '../support/database';
import {
  CallbackAnswer,
  TestIdentityProvider,
  TestUser,
  signInThroughBrowser,
  startIdentityProvider,
} from '../support/oidc-provider';
import { ControlPlaneProcess, spawnControlPlane } from '../support/process';

const USERS: TestUser[] = [
  { login: 'alice', name: 'Alice Payne', email: 'alice@example.com', groups: ['payments-engineers', 'everyone'] },
  { login: 'dana', name: 'Dana Lead', email: 'dana@example.com', groups: ['payments-leads', 'payments-engineers'] },
  { login: 'erin', name: 'Erin Search', email: 'erin@example.com', groups: ['search-engineers'] },
  { login: 'bob', name: 'Bob Contractor', email: 'bob@example.com', groups: ['contractors', 'everyone'] },
  {
    login: 'carol',
    name: 'Carol Both',
    email: 'carol@example.com',
    groups: ['payments-engineers', 'search-engineers'],
  },
  { login: 'paula', name: 'Paula Platform', email: 'paula@example.com', groups: ['platform-admins'] },
];

const MAPPINGS = [
  { group: 'payments-engineers', team: 'payments', role: 'operator' },
  { group: 'payments-leads', team: 'payments', role: 'admin' },
  { group: 'search-engineers', team: 'search', role: 'viewer' },
  { group: 'platform-admins', team: 'platform', role: 'admin' },
];

/** What a client keeps (the verifier) and sends when it starts a sign-in (the S256 challenge). */
function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}
const CLIENT = pkcePair();

/** A port free right now, for a control plane that must know its own URL before it listens. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as { port: number };
  await new Promise<void>((closed) => server.close(() => closed()));
  return port;
}

function ssoEnv(idp: TestIdentityProvider, port: number): Record<string, string> {
  return {
    PORT: String(port),
    FLEETPLANE_SSO_ISSUER: idp.issuer,
    FLEETPLANE_SSO_CLIENT_ID: idp.clientId,
    FLEETPLANE_SSO_CLIENT_SECRET: idp.clientSecret,
    FLEETPLANE_SSO_REDIRECT_BASE_URL: `http://127.0.0.1:${port}`,
  };
}

/** The handoff code of a console sign-in's final redirect (`/#sso=<code>`). */
function handoffOf(answer: CallbackAnswer, consoleUrl: string): string {
  assert.equal(answer.status, 302, answer.body);
  const location = new URL(answer.location ?? '');
  assert.equal(`${location.origin}${location.pathname}`, `${consoleUrl}/`);
  assert.equal(location.search, '', 'nothing secret in the query, which servers log');
  const code = /^#sso=([A-Za-z0-9_-]+)$/.exec(location.hash)?.[1];
  assert.ok(code, `expected #sso=<code>, got ${location.hash}`);
  return code;
}

for (const backend of backends()) {
  describe(`single sign-on through an OpenID provider (${backend} database)`, { timeout: 180_000 }, () => {
    let idp: Awaited<ReturnType<typeof startIdentityProvider>>;
    let plane: RunningControlPlane;
    let admin: Record<string, string>;

    const loginUrl = () => `${plane.url}/v1/auth/sso/login?challenge=${CLIENT.challenge}`;
    const signIn = async (login: string) => handoffOf(await signInThroughBrowser(loginUrl(), login), plane.url);
    const redeem = (code: string, verifier = CLIENT.verifier) =>
      plane.http.post('/v1/auth/sso/session').send({ code, verifier });
    const sessionFor = async (login: string) => {
      const redeemed = await redeem(await signIn(login)).expect(200);
      return { auth: bearer(redeemed.body.token as string), session: redeemed.body.session };
    };

    before(async () => {
      idp = await startIdentityProvider(USERS);
      const port = await freePort();
      plane = await startControlPlane(backend, ssoEnv(idp, port));
      idp.register(`${plane.url}/v1/auth/sso/callback`);
      admin = bearer(plane.adminToken);
      for (const team of ['payments', 'search'])
        await plane.http.post('/v1/teams').set(admin).send({ name: team }).expect(201);
      for (const mapping of MAPPINGS)
        await plane.http.post('/v1/sso/group-mappings').set(admin).send(mapping).expect(201);
    });
    after(async () => {
      await plane?.close();
      await idp?.stop();
    });

    it('says that single sign-on is on, and with which provider, to anyone', async () => {
      const status = await plane.http.get('/v1/auth/sso').expect(200);
      assert.deepEqual(status.body, { enabled: true, issuer: idp.issuer });
    });

    it('starts a sign-in with PKCE (S256), state and nonce, and keeps the verifier server-side', async () => {
      const unbound = await plane.http.get('/v1/auth/sso/login').expect(400);
      assert.equal(unbound.body.errors[0].field, 'challenge');
      const started = await plane.http.get('/v1/auth/sso/login').query({ challenge: CLIENT.challenge }).expect(302);
      const authorize = new URL(started.headers.location);
      assert.equal(authorize.origin, idp.issuer);
      assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
      for (const parameter of ['code_challenge', 'state', 'nonce'])
        assert.ok(authorize.searchParams.get(parameter), parameter);
      assert.equal(authorize.searchParams.get('redirect_uri'), `${plane.url}/v1/auth/sso/callback`);
      assert.equal(authorize.searchParams.has('client_secret'), false);
    });

    it('signs a mapped person in, who then acts as their team and role and is named in the audit log', async () => {
      const { auth, session } = await sessionFor('alice');
      assert.equal(session.team, 'payments');
      assert.equal(session.role, 'operator');
      assert.deepEqual(session.groups, ['payments-engineers', 'everyone']);
      const me = await plane.http.get('/v1/whoami').set(auth).expect(200);
      assert.equal(me.body.actor, 'user:alice@example.com');
      assert.equal(me.body.tokenName, 'Alice Payne');
      assert.deepEqual(me.body.person, {
        sessionId: session.id,
        subject: 'alice',
        name: 'Alice Payne',
        email: 'alice@example.com',
      });
      assert.equal(me.body.team, 'payments');
      assert.equal(me.body.role, 'operator');
      await plane.http
        .post('/v1/applications')
        .set(auth)
        .send({ name: 'ledger', defaultNamespace: 'ledger' })
        .expect(201);
      const refused = await plane.http.post('/v1/tokens').set(auth).send({ name: 'x', role: 'viewer' }).expect(403);
      assert.match(refused.body.detail, /admin/);
      const audit = await plane.http.get('/v1/audit').query({ actor: 'user:alice@example.com' }).set(admin).expect(200);
      const actions = audit.body.items.map((event: { action: string }) => event.action);
      assert.ok(actions.includes('session.create'), actions.join());
      assert.ok(actions.includes('application.create'), actions.join());
    });

    it('refuses a person whose groups grant nothing, with a 403 naming why, creates no session, and audits it', async () => {
      const answer = await signInThroughBrowser(loginUrl(), 'bob');
      assert.equal(answer.status, 403);
      const problem = JSON.parse(answer.body);
      assert.match(problem.type, /sso-no-grant$/);
      assert.match(problem.detail, /bob@example\.com .*contractors, everyone.*mapped to a team/);
      assert.equal(answer.location, null);
      const sessions = await plane.http.get('/v1/sessions').query({ includeInactive: true }).set(admin).expect(200);
      assert.equal(
        sessions.body.items.some((session: { actor: string }) => session.actor === 'user:bob@example.com'),
        false,
      );
      assert.equal(await plane.dataSource.getRepository(SsoSessionEntity).countBy({ subject: 'bob' }), 0);
      const audit = await plane.http.get('/v1/audit').query({ actor: 'user:bob@example.com' }).set(admin).expect(200);
      assert.deepEqual(
        audit.body.items.map((event: { action: string }) => event.action),
        ['session.refuse'],
      );
    });

    it('refuses a person whose groups map to several teams as ambiguous, naming the teams', async () => {
      const answer = await signInThroughBrowser(loginUrl(), 'carol');
      assert.equal(answer.status, 403);
      const problem = JSON.parse(answer.body);
      assert.match(problem.type, /sso-ambiguous-grant$/);
      assert.deepEqual(problem.teams, ['payments', 'search']);
      assert.equal(await plane.dataSource.getRepository(SsoSessionEntity).countBy({ subject: 'carol' }), 0);
    });

    it('grants the highest role among the groups of one team', async () => {
      const { session } = await sessionFor('dana');
      assert.equal(session.team, 'payments');
      assert.equal(session.role, 'admin');
    });

    it('redeems a handoff code once only, with the verifier of the challenge its sign-in began with', async () => {
      const planted = await signIn('erin');
      await redeem(planted, pkcePair().verifier).expect(401);
      await redeem(planted).expect(401);
      const code = await signIn('erin');
      await redeem(code).expect(200);
      const again = await redeem(code).expect(401);
      assert.match(again.body.type, /sso-bad-handoff$/);
      assert.deepEqual(again.body.errors, [{ field: 'code', message: 'is unknown, used or expired' }]);
      const malformed = await redeem('short').expect(400);
      assert.equal(malformed.body.errors[0].field, 'code');
    });

    it('refuses a callback whose state it did not issue, or issued and already used', async () => {
      const forged = await plane.http.get('/v1/auth/sso/callback').query({ code: 'x', state: 'forged' }).expect(401);
      assert.match(forged.body.type, /sso-sign-in-failed$/);
      const answer = await signInThroughBrowser(loginUrl(), 'erin');
      handoffOf(answer, plane.url);
      const replayed = await fetch(answer.url, { redirect: 'manual' });
      assert.equal(replayed.status, 401);
    });

    it('ends a session on logout, on revocation by an admin of its team, and at expiry: each then gets 401', async () => {
      const own = await sessionFor('alice');
      const loggedOut = await plane.http.post('/v1/auth/logout').set(own.auth).expect(200);
      assert.ok(loggedOut.body.revokedAt);
      const afterLogout = await plane.http.get('/v1/whoami').set(own.auth).expect(401);
      assert.match(afterLogout.body.detail, /revoked/);

      const revoked = await sessionFor('alice');
      const lead = await sessionFor('dana');
      const outsider = await sessionFor('erin');
      await plane.http.delete(`/v1/sessions/${revoked.session.id}`).set(outsider.auth).expect(404);
      const listed = await plane.http.get('/v1/sessions').set(lead.auth).expect(200);
      assert.ok(listed.body.items.some((session: { id: string }) => session.id === revoked.session.id));
      for (const secret of [idp.clientSecret, 'fps_', 'Hash'])
        assert.equal(JSON.stringify(listed.body).includes(secret), false, `a session listing shows ${secret}`);
      const ownOnly = await plane.http.get('/v1/sessions').set(outsider.auth).expect(200);
      assert.deepEqual(
        [...new Set(ownOnly.body.items.map((session: { actor: string }) => session.actor))],
        ['user:erin@example.com'],
      );
      await plane.http.delete(`/v1/sessions/${revoked.session.id}`).set(lead.auth).expect(200);
      await plane.http.get('/v1/whoami').set(revoked.auth).expect(401);
      const audit = await plane.http.get('/v1/audit').query({ action: 'session.revoke' }).set(admin).expect(200);
      assert.ok(audit.body.items.some((event: { actor: string }) => event.actor === 'user:dana@example.com'));

      const expiring = await sessionFor('alice');
      await plane.dataSource
        .getRepository(SsoSessionEntity)
        .update({ id: expiring.session.id }, { expiresAt: new Date(Date.now() - 1000) });
      const expired = await plane.http.get('/v1/whoami').set(expiring.auth).expect(401);
      assert.match(expired.body.detail, /expired/);
    });

    it('leaves API tokens for automation: they work beside sessions and have no session to log out', async () => {
      await plane.http.get('/v1/whoami').set(admin).expect(200);
      const refused = await plane.http.post('/v1/auth/logout').set(admin).expect(422);
      assert.match(refused.body.type, /not-a-session$/);
    });

    it('lets only platform admins manage group mappings, naming every wrong field', async () => {
      const lead = await sessionFor('dana');
      await plane.http
        .post('/v1/sso/group-mappings')
        .set(lead.auth)
        .send({ group: 'anyone', team: 'payments', role: 'admin' })
        .expect(403);
      await plane.http.get('/v1/sso/group-mappings').set(lead.auth).expect(403);
      const invalid = await plane.http
        .post('/v1/sso/group-mappings')
        .set(admin)
        .send({ group: '', team: 'Not A Label', role: 'owner' })
        .expect(400);
      assert.deepEqual(invalid.body.errors.map((error: { field: string }) => error.field).sort(), [
        'group',
        'role',
        'team',
      ]);
      const unknownTeam = await plane.http
        .post('/v1/sso/group-mappings')
        .set(admin)
        .send({ group: 'ghosts', team: 'ghosts', role: 'viewer' })
        .expect(422);
      assert.equal(unknownTeam.body.errors[0].field, 'team');
      const taken = await plane.http.post('/v1/sso/group-mappings').set(admin).send(MAPPINGS[0]).expect(409);
      assert.equal(taken.body.errors[0].field, 'group');

      const contractors = await plane.http
        .post('/v1/sso/group-mappings')
        .set(admin)
        .send({ group: 'contractors', team: 'search', role: 'viewer' })
        .expect(201);
      const bob = await sessionFor('bob');
      assert.equal(bob.session.team, 'search');
      assert.equal(bob.session.role, 'viewer');
      const changed = await plane.http
        .patch(`/v1/sso/group-mappings/${contractors.body.id}`)
        .set(admin)
        .set('If-Match', contractors.headers.etag)
        .send({ role: 'operator' })
        .expect(200);
      assert.equal(changed.body.role, 'operator');
      await plane.http
        .patch(`/v1/sso/group-mappings/${contractors.body.id}`)
        .set(admin)
        .set('If-Match', contractors.headers.etag)
        .send({ role: 'viewer' })
        .expect(412);
      assert.equal((await sessionFor('bob')).session.role, 'operator');
      await plane.http.delete(`/v1/sso/group-mappings/${contractors.body.id}`).set(admin).expect(204);
      await plane.http.get(`/v1/sso/group-mappings/${contractors.body.id}`).set(admin).expect(404);
      const refused = await signInThroughBrowser(loginUrl(), 'bob');
      assert.equal(refused.status, 403);
      const audit = await plane.http
        .get('/v1/audit')
        .query({ resourceType: 'sso-group-mapping', resourceId: contractors.body.id })
        .set(admin)
        .expect(200);
      assert.deepEqual(audit.body.items.map((event: { action: string }) => event.action).sort(), [
        'sso-group-mapping.create',
        'sso-group-mapping.delete',
        'sso-group-mapping.update',
      ]);
    });

    it('answers sso-disabled where single sign-on is not configured', async () => {
      const plain = await startControlPlane(backend);
      try {
        assert.deepEqual((await plain.http.get('/v1/auth/sso').expect(200)).body, { enabled: false, issuer: null });
        const refused = await plain.http.get('/v1/auth/sso/login').query({ challenge: CLIENT.challenge }).expect(422);
        assert.match(refused.body.type, /sso-disabled$/);
      } finally {
        await plain.close();
      }
    });
  });
}

const CLI = resolve(__dirname, '../../apps/cli/src/main.js');

describe('fleetplane login --sso, against the control plane as users run it', { timeout: 420_000 }, () => {
  const TOKEN = `fp_${'s'.repeat(43)}`;
  let idp: Awaited<ReturnType<typeof startIdentityProvider>>;
  let plane: ControlPlaneProcess;
  let dir: string;
  let scratch: { url: string; drop: () => Promise<void> } | undefined;
  const secrets: string[] = [];

  before(async () => {
    idp = await startIdentityProvider(USERS);
    dir = await mkdtemp(join(tmpdir(), 'fleetplane-sso-cli-'));
    const port = await freePort();
    // The last backend: the PostgreSQL server when there is one.
    scratch = backends().includes('postgres') ? await createScratchDatabase() : undefined;
    plane = await spawnControlPlane(
      {
        ...ssoEnv(idp, port),
        FLEETPLANE_DATA_DIR: dir,
        FLEETPLANE_BOOTSTRAP_TOKEN: TOKEN,
        FLEETPLANE_HEALTH_INTERVAL_MS: '0',
        LOG_LEVEL: 'debug',
        ...(scratch ? { DATABASE_URL: scratch.url } : {}),
      },
      240_000,
    );
    idp.register(`${plane.url}/v1/auth/sso/callback`);
    const call = (path: string, body: object) =>
      fetch(`${plane.url}${path}`, {
        method: 'POST',
        headers: { ...bearer(TOKEN), 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    assert.equal((await call('/v1/teams', { name: 'payments' })).status, 201);
    assert.equal((await call('/v1/sso/group-mappings', MAPPINGS[0])).status, 201);
  });
  after(async () => {
    await plane?.stop();
    await scratch?.drop();
    await idp?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('prints a sign-in URL, receives the handoff on a loopback port, and saves the session token', async () => {
    const configFile = join(dir, 'cli.json');
    const env = { FLEETPLANE_CONFIG: configFile };
    const login = spawnCli(['login', '--sso', '--url', plane.url], env);
    const signInUrl = await login.line(/^\s+(http:\/\/\S+)$/);
    const answer = await signInThroughBrowser(signInUrl, 'alice');
    secrets.push(new URL(answer.url).searchParams.get('code') ?? 'no provider code');
    assert.equal(answer.status, 302, answer.body);
    const handoff = new URL(answer.location ?? '');
    assert.equal(handoff.hostname, '127.0.0.1');
    assert.equal(handoff.pathname, '/callback');
    secrets.push(handoff.searchParams.get('code') ?? 'no handoff code');
    const stolen = await fetch(`${plane.url}/v1/auth/sso/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code: handoff.searchParams.get('code'), verifier: 'x'.repeat(43) }),
    });
    assert.equal(stolen.status, 401, 'a handoff code without the CLI’s verifier is refused');
    const browserPage = await fetch(handoff);
    assert.equal(browserPage.status, 200);
    const exit = await login.exit;
    // The stolen attempt spent the code, so the CLI's own redemption is refused too: nothing half-signed-in.
    assert.equal(exit.code, 1, exit.stdout);
    assert.match(exit.stderr, /handoff code/i);

    const retry = spawnCli(['login', '--sso', '--url', plane.url], env);
    const answerAgain = await signInThroughBrowser(await retry.line(/^\s+(http:\/\/\S+)$/), 'alice');
    await fetch(answerAgain.location ?? '');
    const done = await retry.exit;
    assert.equal(done.code, 0, done.stderr);
    assert.match(done.stdout, /logged in to .* as Alice Payne \(payments\/operator\)/);
    const saved = JSON.parse(await readFile(configFile, 'utf8'));
    assert.match(saved.token, /^fps_/);
    secrets.push(saved.token);
    const whoami = await runCli(['-o', 'json', 'whoami'], env);
    assert.equal(JSON.parse(whoami.stdout).actor, 'user:alice@example.com');
    const logout = await runCli(['logout'], env);
    assert.equal(logout.code, 0, logout.stderr);
    assert.equal((await runCli(['whoami'], env)).code, 1);
  });

  it('writes neither the client secret, nor the codes, nor the session token to its log', () => {
    const log = plane.stdout() + plane.stderr();
    assert.match(log, /auth\/sso\/callback/, 'the log covers the sign-in');
    for (const secret of [idp.clientSecret, ...secrets])
      assert.equal(log.includes(secret), false, `${secret.slice(0, 6)}… is in the log`);
  });
});

interface SpawnedCli {
  /** Resolves with the first capture group of the first stderr line matching `pattern`. */
  line(pattern: RegExp): Promise<string>;
  exit: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/** The CLI as its own process, read while it runs (the sign-in URL comes before it exits). */
function spawnCli(args: string[], env: Record<string, string>): SpawnedCli {
  const child: ChildProcess = spawn(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => (stdout += chunk));
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  return {
    line: (pattern) =>
      new Promise((found, failed) => {
        const look = () => {
          for (const line of stderr.split('\n')) {
            const match = pattern.exec(line);
            if (match) {
              child.stderr?.off('data', look);
              found(match[1]);
              return;
            }
          }
        };
        child.stderr?.on('data', look);
        child.once('exit', () => failed(new Error(`the CLI exited without ${pattern}: ${stderr}`)));
      }),
    exit: new Promise((exited) => child.once('exit', (code) => exited({ code, stdout, stderr }))),
  };
}
