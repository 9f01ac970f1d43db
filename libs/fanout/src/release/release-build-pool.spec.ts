import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { FanoutError } from '../common/fanout-error';
import { ManifestError } from '../manifests/manifest.errors';
import { buildRelease } from './build-release';
import { ReleaseBuildPool } from './release-build-pool';
import { ReleaseError } from './release.errors';

const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata: { a: "1" }\n`;

/** What a refusal says: its class, code, message and details. */
function refusalOf(build: () => unknown): object {
  try {
    build();
  } catch (error) {
    assert.ok(error instanceof FanoutError);
    return { name: error.name, code: error.code, message: error.message, details: error.details };
  }
  return assert.fail('the release was built');
}

describe('ReleaseBuildPool', () => {
  // Every release goes to a worker thread: this runs the compiled worker file from dist/, as the plane does.
  const pool = new ReleaseBuildPool({ offThreadFromBytes: 0, threads: 2 });
  after(() => pool.close());

  it('builds on a worker thread exactly the release buildRelease builds inline', async () => {
    const input = { application: 'shop', version: '1.0.0', manifests: `${configMap('a')}---\n${configMap('b')}` };
    const options = { defaultNamespace: 'shop' };
    assert.deepEqual(await pool.build(input, options), buildRelease(input, options));
  });

  it('rejects with the error buildRelease throws, its class, code and details intact', async () => {
    const aliasLoop = 'apiVersion: v1\nkind: ConfigMap\nmetadata: &m\n  name: loop\n  labels: *m\n';
    const refusals: Array<[Parameters<typeof buildRelease>[0], typeof ManifestError | typeof ReleaseError]> = [
      [{ application: 'shop', version: '1.0.0', manifests: aliasLoop }, ManifestError],
      [{ application: 'shop', version: 'not a label value!', manifests: configMap('a') }, ReleaseError],
    ];
    for (const [input, errorClass] of refusals) {
      const inline = refusalOf(() => buildRelease(input));
      await assert.rejects(pool.build(input), (error: unknown) => {
        assert.ok(error instanceof errorClass);
        assert.deepEqual(
          refusalOf(() => {
            throw error;
          }),
          inline,
        );
        return true;
      });
    }
  });

  it('builds releases side by side, more of them than it has threads', async () => {
    const inputs = Array.from({ length: 5 }, (_, i) => ({
      application: 'shop',
      version: `1.0.${i}`,
      manifests: configMap(`c${i}`),
    }));
    const built = await Promise.all(inputs.map((input) => pool.build(input)));
    assert.deepEqual(
      built.map((release) => release.version),
      inputs.map((input) => input.version),
    );
  });

  it('refuses to build on a worker once closed', async () => {
    const closed = new ReleaseBuildPool({ offThreadFromBytes: 0 });
    await closed.close();
    await assert.rejects(closed.build({ application: 'shop', version: '1.0.0', manifests: configMap('a') }), {
      message: 'the release build pool is closed',
    });
  });
});
