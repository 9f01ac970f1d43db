import { SESSION_TOKEN_PREFIX, TOKEN_PREFIX } from '@fleetplane/config';
import { createHash, randomBytes } from 'node:crypto';

/** A new token: shown to its owner once and never stored; only its hash is. */
export function generateToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** Tokens carry 256 random bits, so a fast hash is enough: there is nothing to brute-force. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function tokenHint(token: string): string {
  return token.slice(0, 10);
}

/** A single sign-on session's token: shown once, to whoever redeems the session's handoff code. */
export function generateSessionToken(): string {
  return `${SESSION_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** A single-use secret that travels in a redirect (a handoff code), to be exchanged for something kept. */
export function generateOneTimeCode(): string {
  return randomBytes(32).toString('base64url');
}
