import { TOKEN_PATTERN } from '@fleetplane/config';

/**
 * The token of an `Authorization` header that is exactly `Bearer <token>`: one scheme (any case, as
 * RFC 9110 says), one space, and a token of the documented shape. Anything else is undefined, so no two
 * spellings of a header can carry the same token past the parser.
 */
export function parseBearerToken(authorization: string): string | undefined {
  const space = authorization.indexOf(' ');
  if (space < 0 || authorization.slice(0, space).toLowerCase() !== 'bearer') return undefined;
  const token = authorization.slice(space + 1);
  return TOKEN_PATTERN.test(token) ? token : undefined;
}
