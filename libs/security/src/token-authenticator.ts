import { Injectable } from '@nestjs/common';
import { Principal } from '@fleetplane/http';
import { ApiTokenEntity } from '@fleetplane/persistence';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { hashToken } from './api-token';
import { parseBearerToken } from './bearer-token';

/** Recording every use would write on every read; a minute's precision is enough to spot unused tokens. */
const LAST_USED_PRECISION_MS = 60_000;

export const MALFORMED_AUTHORIZATION = 'Send an API token as "Authorization: Bearer <token>".';

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
    const secret = parseBearerToken(authorization);
    if (!secret) return { kind: 'refused', reason: MALFORMED_AUTHORIZATION };
    const tokens = this.dataSource.getRepository(ApiTokenEntity);
    const token = await tokens.findOneBy({ tokenHash: hashToken(secret) });
    if (!token) return { kind: 'refused', reason: 'The token is not known.' };
    if (token.revokedAt) return { kind: 'refused', reason: 'The token was revoked.' };
    if (token.expiresAt.getTime() <= Date.now()) return { kind: 'refused', reason: 'The token has expired.' };
    if (!token.lastUsedAt || Date.now() - token.lastUsedAt.getTime() > LAST_USED_PRECISION_MS) {
      await tokens.update({ id: token.id }, { lastUsedAt: new Date() });
    }
    return {
      kind: 'authenticated',
      principal: { tokenId: token.id, tokenName: token.name, team: token.teamName, role: token.role },
    };
  }
}
