import { SESSION_TOKEN_PATTERN, TOKEN_PATTERN } from '@fleetplane/config';

/** A bearer credential and where it is kept: API tokens for automation, sessions for people who signed in. */
export type BearerToken = { kind: 'api-token'; token: string } | { kind: 'session'; token: string };

/**
 * The token of an `Authorization` header that is exactly `Bearer <token>`: one scheme (any case, as
 * RFC 9110 says), one space, and a token of one of the documented shapes. Anything else is undefined, so
 * no two spellings of a header can carry the same token past the parser.
 */
export function parseBearerToken(authorization: string): BearerToken | undefined {
  const space = authorization.indexOf(' ');
  if (space < 0 || authorization.slice(0, space).toLowerCase() !== 'bearer') return undefined;
  const token = authorization.slice(space + 1);
  if (TOKEN_PATTERN.test(token)) return { kind: 'api-token', token };
  if (SESSION_TOKEN_PATTERN.test(token)) return { kind: 'session', token };
  return undefined;
}
