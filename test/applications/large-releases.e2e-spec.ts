import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { after, before, describe, it } from 'node:test';
import { buildRelease, defaultManifestLimits } from '@fleetplane/fanout';
import { RunningControlPlane, bearer, startControlPlane } from '../support/control-plane';
import { backends } from '../support/database';

/** A ConfigMap of `keys` entries of 150 bytes: a large text with nothing to expand. */
function bulkyDocument(keys: number): string {
  const data = Array.from({ length: keys }, (_, i) => `  k${i}: "${'y'.repeat(150)}"\n`).join('');
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bulky\ndata:\n${data}`;
}

/** ConfigMaps each holding an anchored block of 50 entries repeated by 90 aliases: ~3 KB that expand to ~200 KB. */
function aliasHeavyDocuments(count: number): string[] {
  const block = `{ ${Array.from({ length: 50 }, (_, i) => `k${i}: "${'x'.repeat(40)}"`).join(', ')} }`;
  return Array.from(
    { length: count },
    (_, d) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: heavy-${d}\ndata: &d${d} ${block}\n` +
      `extra: [${Array(90).fill(`*d${d}`).join(', ')}]\n`,
  );
}

const release = (...documents: string[]) => documents.join('---\n');
/** ~800 KB of text (the limit is 1 MiB) expanding to ~1.2 MB: accepted. */
const NEAR_THE_LIMITS = release(bulkyDocument(5000), ...aliasHeavyDocuments(2));
/** ~850 KB of text whose aliases take it past the 4 MiB expansion limit in its last document: refused. */
const PAST_THE_EXPANSION_LIMIT = release(bulkyDocument(5000), ...aliasHeavyDocuments(18));

for (const backend of backends()) {
  describe(`a large release upload (${backend} database)`, { timeout: 120_000 }, () => {
    let plane: RunningControlPlane;

    before(async () => {
      plane = await startControlPlane(backend);
      await plane.http
        .post('/v1/applications')
        .set(bearer(plane.adminToken))
        .send({ name: 'heavy', defaultNamespace: 'heavy' })
        .expect(201);
    });
    after(() => plane?.close());

    /**
     * Runs `work` while polling /healthz one request after another, and asserts that the longest wait
     * between two answers is under half the time the work took. The test and the plane share one event
     * loop: a parse on it held /healthz for nearly all of the upload; beside it, for a small part.
     */
    async function assertHealthPromptDuring<T>(work: Promise<T>): Promise<T> {
      const started = performance.now();
      let done = false;
      const settled = work.finally(() => {
        done = true;
      });
      let last = started;
      let longestGapMs = 0;
      while (!done) {
        await plane.http.get('/healthz').expect(200);
        const now = performance.now();
        longestGapMs = Math.max(longestGapMs, now - last);
        last = now;
      }
      const result = await settled;
      const tookMs = performance.now() - started;
      assert.ok(
        longestGapMs < tookMs / 2,
        `/healthz waited ${Math.round(longestGapMs)} ms at most during an upload of ${Math.round(tookMs)} ms`,
      );
      return result;
    }

    const upload = (version: string, manifests: string) =>
      plane.http
        .post('/v1/applications/heavy/releases')
        .set(bearer(plane.adminToken))
        .send({ version, manifests })
        .then((response) => response);

    it('keeps /healthz answering while a release past the expansion limit is parsed, and refuses it with 422 naming the document', async () => {
      assert.ok(Buffer.byteLength(PAST_THE_EXPANSION_LIMIT) < defaultManifestLimits.maxBytes);
      const result = await assertHealthPromptDuring(upload('2.0.0', PAST_THE_EXPANSION_LIMIT));
      assert.equal(result.status, 422, JSON.stringify(result.body));
      assert.equal(result.body.type, 'urn:fleetplane:problem:manifest-too-large');
      assert.deepEqual(result.body.errors, [
        {
          field: 'manifests[17]',
          message: `expanding aliases takes the manifests past the limit of ${defaultManifestLimits.maxExpandedBytes} bytes`,
        },
      ]);
      await plane.http.get('/v1/applications/heavy/releases/2.0.0').set(bearer(plane.adminToken)).expect(404);
    });

    it('keeps /healthz answering while a large alias-heavy release is parsed, and accepts it as parsed inline', async () => {
      const result = await assertHealthPromptDuring(upload('1.0.0', NEAR_THE_LIMITS));
      assert.equal(result.status, 201, JSON.stringify(result.body));
      const inline = buildRelease(
        { application: 'heavy', version: '1.0.0', manifests: NEAR_THE_LIMITS },
        { defaultNamespace: 'heavy' },
      );
      assert.equal(result.body.contentHash, inline.contentHash);
      assert.deepEqual(
        result.body.objects.map((object: { name: string }) => object.name),
        ['bulky', 'heavy-0', 'heavy-1'],
      );
    });
  });
}
