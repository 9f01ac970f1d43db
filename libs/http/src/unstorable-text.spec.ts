import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { unstorableText } from './unstorable-text';

describe('unstorableText', () => {
  it('names every string and key holding a NUL byte or a lone surrogate, by its path', () => {
    const value = { name: 'a\u0000b', labels: { '\ud800': 'x' }, items: [{ note: 'y\udfff' }], ok: '😀 ok' };
    assert.deepEqual(
      unstorableText(value, '')
        .map((error) => error.field)
        .sort(),
      ['items[0].note', 'labels.\ud800', 'name'],
    );
  });

  it('prefixes query and path fields, and passes well-formed text', () => {
    assert.deepEqual(unstorableText('\u0000', 'path.name'), [
      { field: 'path.name', message: 'must not contain NUL bytes or lone surrogates' },
    ]);
    assert.deepEqual(unstorableText({ cursor: 'abc', emoji: '\ud83d\ude00' }, 'query'), []);
  });
});
