import { Injectable } from '@nestjs/common';
import { Principal } from '@fleetplane/http';
import { ApiTokenEntity, SsoSessionEntity } from '@fleetplane/persistence';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { hashToken } from './api-token';
import { parseBearerToken } from './bearer-token';

/** Recording every use would write on every read; a minute's precision is enough to spot unused tokens. */
const LAST_USED_PRECISION_MS = 60_000;

export const MALFORMED_AUTHORIZATION = 'Send an API token or a session token as "Authorization: Bearer <token>".';

/** What a request's `Authorization` header proves: nothing (no header), a principal, or a refusal and why. */
export type Authentication =
  { kind: 'anonymous' } | { kind: 'authenticated'; principal: Principal } | { kind: 'refused'; reason: string };

/**
 * Authenticates a request once, however many guards ask (the rate limiter keys on the outcome, the auth
 * guard enforces it). Rejects only when the token lookup fails (a 500 for the caller, not a refusal).
 */
@Injectable()
export class TokenAuthenticator {
  private readonly outcomes = new WeakMap<Request, Promise<Authentication>>();

  constructor(private readonly dataSource: DataSource) {}

  authenticate(request: Request): Promise<Authentication> {
    let outcome = this.outcomes.get(request);
    if (!outcome) {
      outcome = this.lookUp(request.header('authorization'));
      this.outcomes.set(request, outcome);
    }
    return outcome;
  }

  private async lookUp(authorization: string | undefined): Promise<Authentication> {
    if (authorization === undefined) return { kind: 'anonymous' };
    const bearer = parseBearerToken(authorization);
    if (!bearer) return { kind: 'refused', reason: MALFORMED_AUTHORIZATION };
    return bearer.kind === 'session' ? this.session(bearer.token) : this.apiToken(bearer.token);
  }

  private async apiToken(secret: string): Promise<Authentication> {
    const tokens = this.dataSource.getRepository(ApiTokenEntity);
    const token = await tokens.findOneBy({ tokenHash: hashToken(secret) });
    if (!token) return { kind: 'refused', reason: 'The token is not known.' };
    const refusal = refusalOf(token, 'token');
    if (refusal) return refusal;
    if (isStale(token.lastUsedAt)) await tokens.update({ id: token.id }, { lastUsedAt: new Date() });
    return {
      kind: 'authenticated',
      principal: {
        tokenId: token.id,
        tokenName: token.name,
        team: token.teamName,
        role: token.role,
        actor: `token:${token.id}`,
      },
    };
  }

  private async session(secret: string): Promise<Authentication> {
    const sessions = this.dataSource.getRepository(SsoSessionEntity);
    const session = await sessions.findOneBy({ tokenHash: hashToken(secret) });
    if (!session) return { kind: 'refused', reason: 'The session is not known.' };
    const refusal = refusalOf(session, 'session');
    if (refusal) return refusal;
    if (isStale(session.lastUsedAt)) await sessions.update({ id: session.id }, { lastUsedAt: new Date() });
    return { kind: 'authenticated', principal: sessionPrincipal(session) };
  }
}

/** The principal of a signed-in person: named by the provider, with the team and role granted at sign-in. */
export function sessionPrincipal(session: SsoSessionEntity): Principal {
  return {
    tokenId: session.id,
    tokenName: session.name ?? session.email ?? session.subject,
    team: session.teamName,
    role: session.role,
    actor: session.actor,
    person: { sessionId: session.id, subject: session.subject, name: session.name, email: session.email },
  };
}

function refusalOf(
  credential: { revokedAt: Date | null; expiresAt: Date },
  what: 'token' | 'session',
): Authentication | undefined {
  if (credential.revokedAt) return { kind: 'refused', reason: `The ${what} was revoked.` };
  if (credential.expiresAt.getTime() <= Date.now()) return { kind: 'refused', reason: `The ${what} has expired.` };
  return undefined;
}

function isStale(lastUsedAt: Date | null): boolean {
  return !lastUsedAt || Date.now() - lastUsedAt.getTime() > LAST_USED_PRECISION_MS;
}
