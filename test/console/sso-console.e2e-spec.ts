import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  Browser,
  InPage,
  RecordedPage,
  browserUnavailable,
  launchBrowser,
  screenshot,
  seriousAccessibilityViolations,
} from '../support/browser';
import { RunningControlPlane, bearer, startControlPlane } from '../support/control-plane';
import { startIdentityProvider } from '../support/oidc-provider';

const skip = browserUnavailable();

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as { port: number };
  await new Promise<void>((closed) => server.close(() => closed()));
  return port;
}

/**
 * Single sign-on from the console in a real Chromium: the provider's own login and consent pages, the
 * handoff back to the console, who-am-I naming the person, and sign-out revoking the session.
 */
describe('the web console signs in through single sign-on', { timeout: 240_000, skip }, () => {
  let idp: Awaited<ReturnType<typeof startIdentityProvider>>;
  let plane: RunningControlPlane;
  let browser: Browser;
  let tab: RecordedPage;

  before(async () => {
    idp = await startIdentityProvider([
      { login: 'alice', name: 'Alice Payne', email: 'alice@example.com', groups: ['payments-engineers'] },
    ]);
    const port = await freePort();
    plane = await startControlPlane('embedded', {
      PORT: String(port),
      FLEETPLANE_SSO_ISSUER: idp.issuer,
      FLEETPLANE_SSO_CLIENT_ID: idp.clientId,
      FLEETPLANE_SSO_CLIENT_SECRET: idp.clientSecret,
      FLEETPLANE_SSO_REDIRECT_BASE_URL: `http://127.0.0.1:${port}`,
    });
    idp.register(`${plane.url}/v1/auth/sso/callback`);
    const admin = bearer(plane.adminToken);
    await plane.http.post('/v1/teams').set(admin).send({ name: 'payments' }).expect(201);
    await plane.http
      .post('/v1/sso/group-mappings')
      .set(admin)
      .send({ group: 'payments-engineers', team: 'payments', role: 'operator' })
      .expect(201);
    browser = await launchBrowser();
    tab = await browser.newPage();
  });
  after(async () => {
    await browser?.close();
    await plane?.close();
    await idp?.stop();
  });

  it('offers SSO beside the token form, signs the person in, names them, and signs out by revoking the session', async () => {
    const { page } = tab;
    await page.goto(`${plane.url}/`);
    await page.waitForURL(/\/sign-in$/);
    const sso = page.getByRole('button', { name: 'Sign in with SSO' });
    await sso.waitFor();
    await page.getByLabel('API token').waitFor();
    assert.deepEqual(await seriousAccessibilityViolations(page), [], 'axe on the sign-in view');
    await screenshot(page, 'sign-in-sso');
    await sso.click();

    // The provider's development login and consent pages.
    await page.waitForURL((url) => url.origin === idp.issuer);
    await page.locator('input[name="login"]').fill('alice');
    await page.locator('input[name="password"]').fill('any');
    await page.locator('button[type="submit"]').click();
    await page.locator('button[type="submit"]', { hasText: 'Continue' }).click();

    await page.waitForURL(/\/clusters$/);
    await page.getByText('Alice Payne', { exact: false }).waitFor();
    await page.getByText('team payments · role operator', { exact: false }).waitFor();
    assert.doesNotMatch(page.url(), /sso=/, 'the handoff code is taken out of the address');
    const token = await page.evaluate(() =>
      (globalThis as unknown as InPage).sessionStorage.getItem('fleetplane.token'),
    );
    assert.match(token ?? '', /^fps_/);
    const me = await plane.http
      .get('/v1/whoami')
      .set(bearer(token ?? ''))
      .expect(200);
    assert.equal(me.body.actor, 'user:alice@example.com');

    tab.forgetErrors();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in$/);
    await plane.http
      .get('/v1/whoami')
      .set(bearer(token ?? ''))
      .expect(401);
    assert.deepEqual(tab.errors, [], 'console errors');
  });
});
