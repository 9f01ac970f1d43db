import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ENDPOINTS } from '../../apps/console/src/api/endpoints';
import { SCHEMA_FIELDS } from '../../apps/console/src/api/types';
import { CONSOLE_CSP } from '../../apps/control-plane/src/console/serve-console';
import { RunningControlPlane, startControlPlane } from '../support/control-plane';

interface OpenApiDocument {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }>
  >;
  components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
}

/** The `$ref`'d schema name of a response, if the document names one. */
function schemaNameOf(response: { content?: Record<string, { schema?: unknown }> }): string | null {
  const schema = response.content?.['application/json']?.schema as { $ref?: string } | undefined;
  return schema?.$ref?.split('/').at(-1) ?? null;
}

describe('the console and the API it calls', { timeout: 60_000 }, () => {
  let plane: RunningControlPlane;
  let document: OpenApiDocument;

  before(async () => {
    plane = await startControlPlane('embedded');
    document = (await plane.http.get('/openapi.json').expect(200)).body as OpenApiDocument;
  });
  after(() => plane?.close());

  it('calls only paths and methods the OpenAPI document declares, expecting the status and schema it declares', () => {
    for (const [name, endpoint] of Object.entries(ENDPOINTS)) {
      const path = endpoint.path;
      const operation = document.paths[path]?.[endpoint.method.toLowerCase()];
      assert.ok(operation, `${name}: ${endpoint.method} ${path} is not in /openapi.json`);
      const response = operation.responses[String(endpoint.status)];
      assert.ok(response, `${name}: ${endpoint.method} ${path} declares no ${endpoint.status} response`);
      assert.equal(schemaNameOf(response), endpoint.schema, `${name}: the response schema`);
    }
  });

  it('reads from each response schema only fields the document declares', () => {
    for (const [schema, fields] of Object.entries(SCHEMA_FIELDS)) {
      const properties = document.components.schemas[schema]?.properties;
      assert.ok(properties, `schema ${schema} is not in /openapi.json`);
      for (const field of fields) assert.ok(field in properties, `${schema}.${field} is not in /openapi.json`);
    }
  });

  it('serves the console at / and on its routes, under a strict Content-Security-Policy', async () => {
    for (const path of [
      '/',
      '/clusters',
      '/deployments/7d1f0a52-0000-4000-8000-000000000000',
      '/applications/storefront/releases/1.4.2',
      '/bindings',
      '/applications/storefront/bindings',
      '/promotions',
      '/audit',
    ]) {
      const page = await plane.http.get(path).expect(200);
      assert.match(page.headers['content-type'], /text\/html/);
      assert.equal(page.headers['content-security-policy'], CONSOLE_CSP);
      assert.match(page.text, /<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js">/);
      assert.doesNotMatch(page.text, /<script>|<script type="module">|<style>|https?:\/\//, 'no inline or remote code');
    }
    const script = /src="(\/assets\/[^"]+\.js)"/.exec((await plane.http.get('/').expect(200)).text)?.[1];
    const asset = await plane.http.get(script ?? '').expect(200);
    assert.match(asset.headers['content-type'], /javascript/);
    assert.equal(asset.headers['content-security-policy'], CONSOLE_CSP);
  });

  it('leaves the API, its documents and the probes where they were', async () => {
    const unauthenticated = await plane.http.get('/v1/clusters').expect(401);
    assert.match(unauthenticated.headers['content-type'], /application\/problem\+json/);
    await plane.http.get('/healthz').expect(200);
    await plane.http.get('/openapi.json').expect(200);
    const docs = await plane.http.get('/docs/').expect(200);
    assert.equal(docs.headers['content-security-policy'], undefined, 'Swagger UI keeps its own inline scripts');
    const unknown = await plane.http.get('/no-such-page').expect(404);
    assert.match(unknown.headers['content-type'], /application\/problem\+json/);
  });
});
