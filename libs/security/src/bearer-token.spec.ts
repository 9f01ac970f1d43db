import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseBearerToken } from './bearer-token';

const TOKEN = `fp_${'a'.repeat(43)}`;

describe('parseBearerToken', () => {
  it('reads the token after the Bearer scheme, whatever the scheme’s case', () => {
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR'])
      assert.deepEqual(parseBearerToken(`${scheme} ${TOKEN}`), { kind: 'api-token', token: TOKEN });
  });

  it('tells a single sign-on session token from an API token by its prefix', () => {
    const session = `fps_${'b'.repeat(43)}`;
    assert.deepEqual(parseBearerToken(`Bearer ${session}`), { kind: 'session', token: session });
    assert.equal(parseBearerToken(`Bearer fps_${'b'.repeat(42)}`), undefined);
  });

  it('refuses any other spacing between scheme and token', () => {
    for (const header of [
      `Bearer  ${TOKEN}`,
      `Bearer\t${TOKEN}`,
      `Bearer${TOKEN}`,
      ` Bearer ${TOKEN}`,
      `Bearer ${TOKEN} `,
    ])
      assert.equal(parseBearerToken(header), undefined, JSON.stringify(header));
  });

  it('refuses other schemes and tokens of another shape', () => {
    for (const header of [
      `Basic ${TOKEN}`,
      'Bearer',
      'Bearer ',
      `Bearer ${TOKEN}x`,
      `Bearer ${TOKEN} ${TOKEN}`,
      'Bearer fp_short',
    ])
      assert.equal(parseBearerToken(header), undefined, JSON.stringify(header));
  });
});
