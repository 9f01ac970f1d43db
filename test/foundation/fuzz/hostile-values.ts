import fc from 'fast-check';
import { gzipSync } from 'node:zlib';

/** Strings that have broken services before: NUL bytes, lone surrogates, prototype keys, number spellings. */
export const hostileStrings = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfff',
  '\udc00\ud800',
  '__proto__',
  'constructor',
  '1e308',
  '0x10',
  ' 5',
  '-1',
  '99999999999999999999',
  'NaN',
  'Infinity',
  '9999-99-99T99:99:99Z',
  '../../etc/passwd',
  "'; DROP TABLE teams; --",
  '%00',
  'a'.repeat(4096),
];

/** Every JSON type at its edges, for a field that expects something else. */
export const hostileJsonValues: unknown[] = [
  ...hostileStrings,
  null,
  true,
  0,
  -0,
  -1,
  1.5,
  1e308,
  -1e308,
  2 ** 53 + 1,
  [],
  [null],
  {},
  JSON.parse('{"__proto__": {"polluted": true}}'),
  { constructor: { prototype: { polluted: true } } },
];

export const hostileJsonValue = (): fc.Arbitrary<unknown> => fc.constantFrom(...hostileJsonValues);

export const hostileString = (): fc.Arbitrary<string> =>
  fc.oneof(
    { arbitrary: fc.constantFrom(...hostileStrings), weight: 3 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 1 },
  );

export const deeplyNested = (depth: number, open = '[', close = ']'): string =>
  open.repeat(depth) + close.repeat(depth);

/** A raw body: what a JSON parser or decompressor meets before any schema does. */
export interface RawBody {
  text: Buffer;
  contentType?: string;
  contentEncoding?: string;
}

const json = (text: string): RawBody => ({ text: Buffer.from(text), contentType: 'application/json' });

/** Bodies no schema generates: nesting 10,000 deep, number spellings, prototype keys, a truncated gzip. */
export function hostileRawBodies(validBody: string): RawBody[] {
  const gzipped = gzipSync(validBody);
  return [
    json(deeplyNested(10_000)),
    json(`{${'"a":{'.repeat(10_000)}${'}'.repeat(10_001)}`),
    json('{"limit": 1e308, "name": 1e308}'),
    json('{"name": 0x10}'),
    json('{"name": " 5"}'),
    json('{"__proto__": {"admin": true}, "name": "proto"}'),
    json('{"constructor": {"prototype": {"admin": true}}}'),
    json('"\\u0000"'),
    json('{"name": "\\ud800"}'),
    json(''),
    json('null'),
    json('[]'),
    json('1e308'),
    {
      text: gzipped.subarray(0, Math.max(1, gzipped.length - 8)),
      contentType: 'application/json',
      contentEncoding: 'gzip',
    },
    { text: gzipped, contentType: 'application/json', contentEncoding: 'gzip' },
    { text: Buffer.from('not deflate'), contentType: 'application/json', contentEncoding: 'deflate' },
    { text: Buffer.from(validBody), contentType: 'application/json', contentEncoding: 'br;q=x' },
    { text: Buffer.from(validBody), contentType: 'text/plain' },
    { text: Buffer.from([0xff, 0xfe, 0x00, 0x7b]), contentType: 'application/json; charset=utf-16' },
    { text: Buffer.from(validBody), contentType: 'application/json; charset=klingon' },
  ];
}
