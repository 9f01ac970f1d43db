import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { Sandbox } from '@fleetplane/sandbox';
import { HealthProber } from '../../apps/control-plane/src/clusters/health/health-prober';
import {
  Browser,
  InPage,
  accessibilityViolations,
  RecordedPage,
  browserUnavailable,
  launchBrowser,
  screenshot,
  seriousAccessibilityViolations,
} from '../support/browser';
import { RunningControlPlane, bearer, startControlPlane, tokenFor } from '../support/control-plane';
import { registerFleet, startFastSandbox, waitForDeployment } from '../support/fleet';
import { publishStorefront, storefrontManifests } from '../deployments/storefront';
import { RunningMoto, startMoto } from '../support/moto';
import { AWS_KEYS, createPostgres, createSecret } from '../bindings/aws-seed';
import { waitForPromotion } from '../promotion/promotion-support';

const kubectl = promisify(execFile);
const skip = browserUnavailable();

const SECRET_VALUE = 'do-not-show-me-9f3k';
const DATABASE_PASSWORD = 'orders-pa55-never-shown';

/** One Deployment labelled tier=web, the workloads a binding selects. */
const webManifests = (application: string) => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${application}, labels: { tier: web } }
spec:
  replicas: 1
  selector: { matchLabels: { app: ${application} } }
  template:
    metadata: { labels: { app: ${application} } }
    spec: { containers: [{ name: ${application}, image: ghcr.io/acme/${application}:1.0.0 }] }
`;

/** A release of one 10,000-key ConfigMap (and a Secret), `edit` changing every hundredth value. */
function largeRelease(version: string, edit: boolean) {
  const data = Object.fromEntries(
    Array.from({ length: 10_000 }, (_, i) => [`key-${i}`, edit && i % 100 === 99 ? `edited-${i}` : `value-${i}`]),
  );
  return {
    version,
    manifests: [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big' }, data },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'api-key' }, stringData: { token: SECRET_VALUE } },
    ],
  };
}

/**
 * The web console in a real Chromium against the real control plane, embedded database and three sandbox
 * clusters. The console is a client of the public API only, so one database backend is enough here.
 */
describe('the web console in a browser', { timeout: 300_000, skip }, () => {
  let plane: RunningControlPlane;
  let sandbox: Sandbox;
  let moto: RunningMoto;
  let dir: string;
  let browser: Browser;
  let admin: RecordedPage;
  let headers: Record<string, string>;
  let viewerToken: string;

  const createDeployment = async (release: string, strategy?: Record<string, unknown>) =>
    (
      await plane.http
        .post('/v1/deployments')
        .set(headers)
        .send({ application: 'storefront', release, placement: { clouds: ['aws', 'gcp', 'azure'] }, strategy })
        .expect(201)
    ).body.id as string;

  /** Signs a fresh tab in through the sign-in form. */
  async function signIn(tab: RecordedPage, token: string, name?: string): Promise<void> {
    await tab.page.goto(`${plane.url}/`);
    await tab.page.waitForURL(/\/sign-in$/);
    await tab.page.getByLabel('API token').fill(token);
    if (name) await screenshot(tab.page, name);
    await tab.page.getByRole('button', { name: 'Sign in' }).click();
    await tab.page.waitForURL(/\/clusters$/);
  }

  /** The checks every view must pass: no console error, and no serious or critical axe violation. */
  async function assertCleanView(tab: RecordedPage, view: string): Promise<void> {
    assert.deepEqual(await seriousAccessibilityViolations(tab.page), [], `axe on ${view}`);
    assert.deepEqual(tab.errors, [], `console errors on ${view}`);
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fleetplane-console-'));
    sandbox = await startFastSandbox(dir);
    moto = await startMoto();
    plane = await startControlPlane('embedded', {
      FLEETPLANE_RATE_LIMIT_PER_MINUTE: '100000',
      FLEETPLANE_AWS_SERVICES_ENDPOINT: moto.endpoint,
    });
    headers = bearer(plane.adminToken);
    await registerFleet(plane, sandbox, dir);
    await publishStorefront(plane, headers, { namespace: 'shop', version: '1.0.0' });
    await plane.http
      .post('/v1/applications/storefront/releases')
      .set(headers)
      .send({ version: '1.1.0', manifests: storefrontManifests('ghcr.io/acme/storefront:1.1.0') })
      .expect(201);
    viewerToken = await tokenFor(plane, 'platform', 'viewer');
    browser = await launchBrowser();
    admin = await browser.newPage();
  });
  after(async () => {
    await browser?.close();
    await plane?.close();
    await sandbox?.stop();
    await moto?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('signs in with a token, shows who it is, and shows the three sandbox clouds Healthy', async () => {
    await signIn(admin, plane.adminToken, 'sign-in');
    const { page } = admin;
    await page.getByText('team platform · role admin', { exact: false }).waitFor();
    for (const [cluster, place] of [
      ['fleet-aws', 'aws · us-east-1'],
      ['fleet-gcp', 'gcp · europe-west1'],
      ['fleet-azure', 'azure · westeurope'],
    ]) {
      await page.getByRole('heading', { name: place }).waitFor();
      assert.equal(await page.locator(`tr[data-cluster="${cluster}"] .badge`).textContent(), 'Healthy');
    }
    assert.equal(
      await page.evaluate(() => (globalThis as unknown as InPage).sessionStorage.getItem('fleetplane.token')),
      plane.adminToken,
    );
    assert.doesNotMatch(page.url(), /fp_/, 'the token is never in a URL');
    await screenshot(page, 'clusters');
    await assertCleanView(admin, 'clusters');
  });

  it('is keyboard navigable: the skip link, then the main navigation', async () => {
    const { page } = admin;
    await page.goto(`${plane.url}/clusters`);
    await page.getByRole('heading', { name: 'Clusters' }).waitFor();
    await page.keyboard.press('Tab');
    assert.equal(
      await page.evaluate(() => (globalThis as unknown as InPage).document.activeElement?.textContent),
      'Skip to content',
    );
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    assert.equal(
      await page.evaluate(() => (globalThis as unknown as InPage).document.activeElement?.textContent),
      'Deployments',
    );
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/deployments$/);
    await page.getByRole('heading', { name: 'Deployments' }).waitFor();
    await assertCleanView(admin, 'deployments');
  });

  it('follows a deployment created through the API live until it Succeeded', async () => {
    const id = await createDeployment('1.0.0');
    const { page } = admin;
    await page.goto(`${plane.url}/deployments/${id}`);
    await page.getByTestId('deployment-state').filter({ hasText: 'Succeeded' }).waitFor({ timeout: 60_000 });
    for (const cluster of ['fleet-aws', 'fleet-gcp', 'fleet-azure'])
      assert.equal(await page.locator(`tr[data-cluster="${cluster}"] .badge`).textContent(), 'Ready');
    const streamed = await page.locator('ol.events li').count();
    assert.ok(streamed > 0, 'the events came over the stream into the page');
    await screenshot(page, 'deployment');
    await assertCleanView(admin, 'deployment');
  });

  it('approves a wave waiting for approval from the page', async () => {
    const id = await createDeployment('1.1.0', {
      type: 'Waves',
      waves: [{ name: 'canary', maxClusters: 1, after: { type: 'approval' } }],
    });
    const { page } = admin;
    await page.goto(`${plane.url}/deployments/${id}`);
    const approve = page.getByRole('button', { name: 'Approve' });
    await approve.waitFor({ timeout: 60_000 });
    await screenshot(page, 'deployment-waiting-for-approval');
    await approve.click();
    await page.getByTestId('deployment-state').filter({ hasText: 'Succeeded' }).waitFor({ timeout: 60_000 });
    assert.deepEqual((await waitForDeployment(plane, id, ['Succeeded'])).state, 'Succeeded');
    await assertCleanView(admin, 'deployment after approval');
  });

  it('shows a cluster in outage Unreachable, with the probe evidence one click away', async () => {
    await sandbox.fault('fleet-gcp', { outage: true });
    try {
      await plane.app.get(HealthProber).probeAll();
      const { page } = admin;
      await page.goto(`${plane.url}/clusters`);
      const row = page.locator('tr[data-cluster="fleet-gcp"]');
      assert.equal(await row.locator('.badge').textContent(), 'Unreachable');
      assert.equal(await page.getByRole('button', { name: 'Why?' }).count(), 1, 'only the unhealthy cluster asks why');
      await row.getByRole('button', { name: 'Why?' }).click();
      const why = page.getByLabel('Why fleet-gcp is Unreachable');
      await why.getByText('Last probe').waitFor();
      assert.match((await why.textContent()) ?? '', /Kubernetes API\s*failed/);
      assert.match((await why.textContent()) ?? '', /Healthy → Unreachable/);
      await screenshot(page, 'clusters-why');
      await assertCleanView(admin, 'clusters with a why');
    } finally {
      await sandbox.fault('fleet-gcp', { outage: false });
      await plane.app.get(HealthProber).probeAll();
    }
  });

  it('shows drift after a kubectl patch, on that cluster only', async () => {
    await kubectl('kubectl', [
      '--kubeconfig',
      join(dir, 'fleet-aws.kubeconfig'),
      '-n',
      'shop',
      'patch',
      'configmap',
      'storefront-config',
      '--type',
      'merge',
      '-p',
      '{"data":{"LOG_LEVEL":"trace"}}',
    ]);
    const { page } = admin;
    await page.goto(`${plane.url}/applications/storefront/drift`);
    await page.getByRole('button', { name: 'Check now' }).click();
    const aws = page.locator('[data-cluster="fleet-aws"]');
    await aws.getByText('drifted').waitFor();
    const field = aws.getByRole('row', { name: /data\.LOG_LEVEL/ });
    assert.match((await field.textContent()) ?? '', /"info".*"trace"/);
    assert.equal(await page.locator('[data-cluster="fleet-gcp"] .badge').textContent(), 'in sync');
    await screenshot(page, 'drift');
    await assertCleanView(admin, 'drift');

    await page.getByRole('link', { name: 'Applications', exact: true }).click();
    const storefront = page.locator('tr[data-application="storefront"]');
    await storefront.waitFor();
    assert.match((await storefront.locator('td[data-cluster="fleet-aws"]').textContent()) ?? '', /1\.1\.0.*1 drifted/);
    assert.match((await storefront.locator('td[data-cluster="fleet-gcp"]').textContent()) ?? '', /1\.1\.0.*in sync/);
    await screenshot(page, 'applications');
    await assertCleanView(admin, 'applications');
  });

  it('shows a release’s objects as YAML, previews it for one cluster, and diffs it with the one before', async () => {
    const { page } = admin;
    await page.goto(`${plane.url}/deployments`);
    await page.getByRole('link', { name: '1.1.0', exact: true }).click();
    await page.waitForURL(/\/applications\/storefront\/releases\/1\.1\.0$/);
    await page.getByRole('heading', { name: 'Release 1.1.0 of storefront' }).waitFor();
    const objects = page.getByRole('list', { name: 'Objects of release 1.1.0' });
    await objects.locator('li').first().waitFor();
    assert.equal(await objects.locator('li').count(), 5);
    const deployment = objects.locator('li[data-object="Deployment.apps storefront"]');
    await deployment.locator('summary').click();
    await deployment.getByText('image: ghcr.io/acme/storefront:1.1.0').waitFor();

    await page.getByLabel('Cluster', { exact: true }).selectOption('fleet-aws');
    await page.getByRole('button', { name: 'Preview' }).click();
    const preview = page.getByTestId('preview');
    await preview.getByText('What fleet-aws would receive').waitFor();
    const rendered = preview.locator('li[data-object="Deployment.apps shop/storefront"]');
    await rendered.locator('summary').click();
    await rendered.getByText('namespace: shop').first().waitFor();

    assert.equal(await page.getByLabel('Compare with').inputValue(), '1.0.0', 'the release before, by default');
    await page.getByRole('button', { name: 'Compare' }).click();
    const diff = page.getByTestId('release-diff');
    await diff.getByText('From 1.0.0 to 1.1.0: 0 added, 0 removed, 1 changed, 4 unchanged.').waitFor();
    const changed = diff.locator('li[data-change="changed"]');
    assert.equal(await changed.getAttribute('data-object'), 'Deployment.apps storefront');
    assert.equal(await changed.locator('.virtual-lines').count(), 0, 'collapsed until opened');
    await changed.locator('summary').click();
    await changed.locator('.delete', { hasText: 'ghcr.io/acme/storefront:1.0.0' }).waitFor();
    await changed.locator('.insert', { hasText: 'ghcr.io/acme/storefront:1.1.0' }).waitFor();
    await screenshot(page, 'release');
    assert.deepEqual(await accessibilityViolations(page), [], 'axe on the release view, every impact');
    await assertCleanView(admin, 'release');
  });

  it('keeps a 10,000-line manifest and its diff to the rows in view, and shows no Secret value', async () => {
    for (const release of [largeRelease('large-1', false), largeRelease('large-2', true)]) {
      await plane.http.post('/v1/applications/storefront/releases').set(headers).send(release).expect(201);
    }
    const { page } = admin;
    await page.goto(`${plane.url}/applications/storefront/releases/large-2`);
    const big = page
      .getByRole('list', { name: 'Objects of release large-2' })
      .locator('li[data-object="ConfigMap big"]');
    await big.locator('summary').click();
    const yaml = big.getByRole('region', { name: 'ConfigMap big YAML' });
    await yaml.getByText('key-0: value-0').waitFor();
    assert.ok(Number(await yaml.getAttribute('data-rows')) > 10_000);
    assert.ok((await yaml.locator('.row').count()) < 100, 'only the rows in view are in the page');
    await yaml.hover();
    await page.mouse.wheel(0, 1_000_000);
    await yaml.getByText('key-9999: edited-9999').waitFor();
    assert.ok((await yaml.locator('.row').count()) < 100);

    await page.getByRole('button', { name: 'Compare' }).click();
    const changed = page.getByTestId('release-diff').locator('li[data-object="ConfigMap big"]');
    await changed.locator('summary').click();
    const lines = changed.getByRole('region', { name: 'Diff of ConfigMap big' });
    await lines.locator('.insert', { hasText: 'key-99: edited-99' }).waitFor();
    assert.ok(Number(await lines.getAttribute('data-rows')) > 500, 'a hundred changes with their context');
    assert.ok((await lines.locator('.row').count()) < 100);

    const secret = page
      .getByRole('list', { name: 'Objects of release large-2' })
      .locator('li[data-object="Secret api-key"]');
    await secret.locator('summary').click();
    await secret.getByText('token: (redacted)').waitFor();
    assert.doesNotMatch(await page.content(), new RegExp(SECRET_VALUE));
    assert.deepEqual(await accessibilityViolations(page), [], 'axe on a large release, every impact');
    await assertCleanView(admin, 'large release');
  });

  it('filters the audit log', async () => {
    const { page } = admin;
    await page.goto(`${plane.url}/audit`);
    await page.locator('tbody tr').first().waitFor();
    await page.getByLabel('action').fill('deployment.create');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForFunction(() =>
      Array.from((globalThis as unknown as InPage).document.querySelectorAll('tbody tr th')).every(
        (cell) => cell.textContent === 'deployment.create',
      ),
    );
    assert.equal(await page.locator('tbody tr').count(), 2, 'the two deployments this spec created');
    await screenshot(page, 'audit');
    await assertCleanView(admin, 'audit');
  });

  it('shows a viewer no mutating button, and the API refuses a request forged from the page', async () => {
    const viewer = await browser.newPage();
    await signIn(viewer, viewerToken);
    const { page } = viewer;
    await page.getByText('role viewer', { exact: false }).waitFor();
    const [latest] = (await plane.http.get('/v1/deployments?limit=1').set(headers).expect(200)).body.items;
    await page.goto(`${plane.url}/deployments/${latest.id}`);
    await page.getByTestId('deployment-state').waitFor();
    assert.equal(await page.getByRole('group', { name: 'Deployment actions' }).count(), 0);
    await page.goto(`${plane.url}/applications/storefront/drift`);
    await page.getByRole('heading', { name: 'Drift of storefront' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Check now' }).count(), 0);
    await screenshot(page, 'drift-as-viewer');
    await assertCleanView(viewer, 'views as a viewer');

    const forged = await page.evaluate(async (id) => {
      const response = await fetch(`/v1/deployments/${id}/rollback`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${(globalThis as unknown as InPage).sessionStorage.getItem('fleetplane.token')}`,
          'Content-Type': 'application/json',
        },
        body: '{}',
      });
      return { status: response.status, type: response.headers.get('content-type') };
    }, latest.id);
    assert.equal(forged.status, 403);
    assert.match(forged.type ?? '', /application\/problem\+json/);
    const deployments = (await plane.http.get('/v1/deployments').set(headers).expect(200)).body.items;
    assert.equal(deployments.length, 2, 'nothing was rolled back');
  });

  /**
   * The orders application bound to a PostgreSQL instance in us-east-1 (moto), its credential a Secrets
   * Manager secret, and deployed to fleet-aws alone: the one cluster in the binding's region.
   */
  async function bindAndDeployOrders(): Promise<void> {
    await createPostgres(moto.endpoint, 'us-east-1', 'orders-use1');
    const secret = await createSecret(moto.endpoint, 'us-east-1', 'orders/console', {
      username: 'orders_app',
      password: DATABASE_PASSWORD,
      dbname: 'orders',
    });
    await plane.http
      .post('/v1/service-instances')
      .set(headers)
      .send({ nativeId: 'arn:aws:rds:us-east-1:123456789012:db:orders-use1', credential: AWS_KEYS })
      .expect(201);
    await publishWebApplication('orders');
    await plane.http
      .put('/v1/applications/orders/bindings/orders-db')
      .set(headers)
      .send({
        class: 'postgresql',
        scope: { level: 'region', region: 'us-east-1' },
        instance: 'orders-use1',
        locality: 'same-region',
        credential: { type: 'cloud-secret', reference: secret },
        workloads: { type: 'labels', selector: { matchLabels: { tier: 'web' } } },
        env: [{ name: 'DATABASE_URL', key: 'uri' }],
      })
      .expect(200);
    await deployTo('orders', 'fleet-aws');
  }

  async function publishWebApplication(application: string): Promise<void> {
    await plane.http
      .post('/v1/applications')
      .set(headers)
      .send({ name: application, defaultNamespace: application })
      .expect(201);
    await plane.http
      .post(`/v1/applications/${application}/releases`)
      .set(headers)
      .send({ version: '1.0.0', manifests: webManifests(application) })
      .expect(201);
  }

  async function deployTo(application: string, cluster: string): Promise<void> {
    const created = await plane.http
      .post('/v1/deployments')
      .set(headers)
      .send({ application, release: '1.0.0', placement: { clusters: [cluster] } })
      .expect(201);
    await waitForDeployment(plane, created.body.id, ['Succeeded']);
  }

  /**
   * Two environments over the sandbox's `prod` clusters, qa on AWS and live on Azure; catalog runs healthy in
   * qa, and its pipeline wants one approval into live. Answers the promotion, waiting for that approval.
   */
  async function promotionAwaitingApproval(): Promise<string> {
    for (const [name, cloud] of [
      ['qa', 'aws'],
      ['live', 'azure'],
    ])
      await plane.http
        .post('/v1/environments')
        .set(headers)
        .send({ name, bindingsEnvironment: 'prod', placement: { clouds: [cloud] } })
        .expect(201);
    await publishWebApplication('catalog');
    await deployTo('catalog', 'fleet-aws');
    await plane.http
      .put('/v1/pipelines/catalog')
      .set(headers)
      .send({
        stages: [
          { environment: 'qa' },
          { environment: 'live', upstreams: ['qa'], gates: { approvals: { required: 1 } } },
        ],
      })
      .expect(200);
    const created = await plane.http
      .post('/v1/promotions')
      .set(headers)
      .send({ application: 'catalog', from: 'qa', to: 'live' })
      .expect(201);
    const waiting = await waitForPromotion(plane, created.body.id, ['AwaitingApproval']);
    return waiting.id;
  }

  it('shows an application’s bindings, Ready per cluster, and what a cluster would get, redacted', async () => {
    await bindAndDeployOrders();
    const { page } = admin;
    await page.goto(`${plane.url}/clusters`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Bindings' }).click();
    await page.waitForURL(/\/bindings$/);
    await page.getByRole('list', { name: 'Applications' }).getByRole('link', { name: 'orders' }).click();
    await page.waitForURL(/\/applications\/orders\/bindings$/);
    await page.getByRole('heading', { name: 'Bindings of orders' }).waitFor();

    const binding = page.getByRole('region', { name: 'Bindings', exact: true }).locator('tbody tr');
    assert.match(
      (await binding.textContent()) ?? '',
      /orders-db.*postgresql.*region us-east-1.*orders-use1.*same-region/,
    );
    const onAws = page.locator('tr[data-binding="orders-db"][data-cluster="fleet-aws"]');
    await onAws.waitFor();
    assert.match((await onAws.textContent()) ?? '', /True.*Applied.*rev 1.*rev 1/);

    await page.getByLabel('Only cluster').selectOption('fleet-gcp');
    const onGcp = page.locator('tr[data-binding="orders-db"][data-cluster="fleet-gcp"]');
    await onGcp.waitFor();
    assert.equal(await onAws.count(), 0, 'the filter leaves the other clusters out');
    assert.match((await onGcp.textContent()) ?? '', /False/);

    await page.getByLabel('Cluster to resolve for').selectOption('fleet-aws');
    await page.getByRole('button', { name: 'Resolve' }).click();
    const resolved = page.getByTestId('resolution').locator('[data-resolved="orders-db"]');
    await resolved.getByText('bound', { exact: true }).waitFor();
    assert.match((await resolved.textContent()) ?? '', /orders-use1.*region us-east-1.*revision 1/);
    await resolved
      .getByRole('region', { name: /^Secret / })
      .getByText('password')
      .waitFor();
    assert.doesNotMatch(await page.content(), new RegExp(DATABASE_PASSWORD), 'no credential value on the page');
    await screenshot(page, 'bindings');
    assert.deepEqual(await accessibilityViolations(page), [], 'axe on the bindings view, every impact');
    await assertCleanView(admin, 'bindings');
  });

  it('shows environments, a pipeline and promotions with their gates, and approves one from the page', async () => {
    const id = await promotionAwaitingApproval();
    const viewer = await browser.newPage();
    await signIn(viewer, viewerToken);
    await viewer.page.goto(`${plane.url}/promotions`);
    await viewer.page.locator(`[data-promotion="${id}"]`).getByText('AwaitingApproval').waitFor();
    assert.equal(
      await viewer.page.getByRole('group', { name: 'Promotion decision' }).count(),
      0,
      'a viewer may not decide',
    );
    await assertCleanView(viewer, 'promotions as a viewer');

    const operator = await browser.newPage();
    await signIn(operator, await tokenFor(plane, 'platform', 'operator'));
    const { page } = operator;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Promotions' }).click();
    await page.waitForURL(/\/promotions$/);
    await page.locator('[data-environment="live"]').getByText('Nothing promoted into live yet.').waitFor();
    await page.getByLabel('Pipeline of').selectOption('catalog');
    const live = page.locator('tr[data-stage="live"]');
    await live.waitFor();
    assert.match((await live.textContent()) ?? '', /qa.*on request.*1 approval \(operator or above\)/);

    const card = page.locator(`[data-promotion="${id}"]`);
    assert.match((await card.locator('[data-gate="approvals"]').textContent()) ?? '', /pending.*approvals/);
    await screenshot(page, 'promotion-awaiting-approval');
    assert.deepEqual(await accessibilityViolations(page), [], 'axe on the promotions view, every impact');
    assert.ok(await card.getByRole('button', { name: 'Reject' }).isDisabled(), 'rejecting needs a comment');
    await card.getByLabel('Comment').fill('qa looks good');
    await card.getByRole('button', { name: 'Reject' }).click();
    const confirm = card.getByRole('alertdialog');
    await confirm.getByText('Reject this promotion?').waitFor();
    await confirm.getByRole('button', { name: 'Keep it' }).click();
    await confirm.waitFor({ state: 'detached' });
    await card.getByRole('button', { name: 'Approve' }).click();
    await card.getByRole('group', { name: 'Promotion decision' }).waitFor({ state: 'detached' });
    assert.equal((await waitForPromotion(plane, id, ['Succeeded'])).state, 'Succeeded');

    await page.reload();
    await card.getByTestId('promotion-state').filter({ hasText: 'Succeeded' }).waitFor();
    assert.match((await card.textContent()) ?? '', /approve by .*\(operator\).*“qa looks good”/);
    await card.locator('[data-gate="approvals"] summary').click();
    await card.locator('[data-gate="approvals"] .evidence').getByText('approvedBy').waitFor();
    const running = page.locator('[data-environment="live"] tr[data-application="catalog"]');
    assert.match((await running.textContent()) ?? '', /catalog.*1\.0\.0.*not pinned/);
    await screenshot(page, 'promotions');
    await assertCleanView(operator, 'promotions');
  });

  it('fits a narrow window without scrolling the page sideways', async () => {
    const { page } = admin;
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.goto(`${plane.url}/clusters`);
      await page.locator('tr[data-cluster="fleet-aws"]').waitFor();
      assert.ok(
        await page.evaluate(() => {
          const { document, innerWidth } = globalThis as unknown as InPage;
          return document.documentElement.scrollWidth <= innerWidth;
        }),
      );
      await screenshot(page, 'clusters-narrow');
      await assertCleanView(admin, 'clusters, narrow');
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it('signs out, forgetting the token', async () => {
    const { page } = admin;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in$/);
    assert.equal(
      await page.evaluate(() => (globalThis as unknown as InPage).sessionStorage.getItem('fleetplane.token')),
      null,
    );
  });
});
