import { FieldError } from './problem';

/** A NUL byte, or a UTF-16 surrogate without its pair: neither survives PostgreSQL text or jsonb. */
// eslint-disable-next-line no-control-regex -- the NUL byte is what this looks for
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Every string in a request value (keys included) that PostgreSQL would refuse or silently alter, named
 * by its path under `prefix` (`name`, `labels.env`, `query.cursor`). Walks without recursion: depth is
 * bounded at parse, but a query or path value is walked the same way.
 */
export function unstorableText(value: unknown, prefix: string): FieldError[] {
  const errors: FieldError[] = [];
  const pending: Array<[unknown, string]> = [[value, prefix]];
  while (pending.length > 0) {
    const [current, field] = pending.pop()!;
    if (typeof current === 'string') {
      if (UNSTORABLE.test(current)) errors.push({ field, message: 'must not contain NUL bytes or lone surrogates' });
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    for (const [key, child] of Object.entries(current)) {
      const path = Array.isArray(current) ? `${field}[${key}]` : field ? `${field}.${key}` : key;
      if (UNSTORABLE.test(key)) errors.push({ field: path, message: 'must not contain NUL bytes or lone surrogates' });
      pending.push([child, path]);
    }
  }
  return errors;
}
