import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { backends } from '../support/database';
import { RunningControlPlane, bearer, startControlPlane, tokenFor } from '../support/control-plane';

const TOKEN_VALUE = 'release-secret-7Hq2';
const MANIFESTS = [
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { mode: 'fast' } },
  {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'api-key' },
    type: 'Opaque',
    data: { token: Buffer.from(TOKEN_VALUE).toString('base64') },
    stringData: { plain: TOKEN_VALUE },
  },
];

for (const backend of backends()) {
  describe(`a release's manifests over the API (${backend} database)`, { timeout: 120_000 }, () => {
    let plane: RunningControlPlane;
    let viewer: Record<string, string>;

    before(async () => {
      plane = await startControlPlane(backend);
      const operator = bearer(await tokenFor(plane, 'payments', 'operator'));
      viewer = bearer(await tokenFor(plane, 'payments', 'viewer'));
      await plane.http
        .post('/v1/applications')
        .set(operator)
        .send({ name: 'shop', defaultNamespace: 'shop' })
        .expect(201);
      await plane.http
        .post('/v1/applications/shop/releases')
        .set(operator)
        .send({ version: '1.0.0', manifests: MANIFESTS })
        .expect(201);
    });
    after(() => plane?.close());

    it('gives a viewer every object as uploaded, in order, with each Secret value redacted', async () => {
      const response = await plane.http.get('/v1/applications/shop/releases/1.0.0/manifests').set(viewer).expect(200);
      assert.doesNotMatch(response.text, new RegExp(`${TOKEN_VALUE}|${Buffer.from(TOKEN_VALUE).toString('base64')}`));
      const body = response.body as { application: string; version: string; contentHash: string; objects: unknown[] };
      assert.equal(body.application, 'shop');
      assert.equal(body.version, '1.0.0');
      assert.match(body.contentHash, /^sha256:/);
      assert.deepEqual(body.objects, [
        MANIFESTS[0],
        { ...MANIFESTS[1], data: { token: '(redacted)' }, stringData: { plain: '(redacted)' } },
      ]);
    });

    it('answers an unknown release, or another team’s application, 404', async () => {
      await plane.http.get('/v1/applications/shop/releases/9.9.9/manifests').set(viewer).expect(404);
      const outsider = bearer(await tokenFor(plane, 'search', 'viewer'));
      await plane.http.get('/v1/applications/shop/releases/1.0.0/manifests').set(outsider).expect(404);
    });
  });
}
