import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Principal, problems, requestContext } from '@fleetplane/http';
import { ApiTokenEntity } from '@fleetplane/persistence';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { ACCESS_POLICY, AccessPolicy } from './access.decorators';
import { hashToken } from './api-token';
import { roleAtLeast } from './roles';

/** Recording every use would write on every read; a minute's precision is enough to spot unused tokens. */
const LAST_USED_PRECISION_MS = 60_000;

/**
 * Guards every route. A route without an access policy is refused (fail closed), so a forgotten
 * decorator can never open a route.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly dataSource: DataSource,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = this.reflector.getAllAndOverride<AccessPolicy | undefined>(ACCESS_POLICY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (policy?.kind === 'public') return true;
    if (!policy) throw problems.forbidden('This route declares no access policy, so it is closed.');
    const request = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const principal = await this.authenticate(request.header('authorization'));
    if (!roleAtLeast(principal.role, policy.role)) {
      throw problems.forbidden(`This needs the ${policy.role} role; the token has ${principal.role}.`);
    }
    request.principal = principal;
    const store = requestContext.current();
    if (store) store.principal = principal;
    return true;
  }

  private async authenticate(authorization: string | undefined): Promise<Principal> {
    const match = authorization?.match(/^Bearer\s+(\S+)$/i);
    if (!match) throw problems.unauthorized('Send an API token as "Authorization: Bearer <token>".');
    const tokens = this.dataSource.getRepository(ApiTokenEntity);
    const token = await tokens.findOneBy({ tokenHash: hashToken(match[1]) });
    if (!token) throw problems.unauthorized('The token is not known.');
    if (token.revokedAt) throw problems.unauthorized('The token was revoked.');
    if (token.expiresAt.getTime() <= Date.now()) throw problems.unauthorized('The token has expired.');
    if (!token.lastUsedAt || Date.now() - token.lastUsedAt.getTime() > LAST_USED_PRECISION_MS) {
      await tokens.update({ id: token.id }, { lastUsedAt: new Date() });
    }
    return { tokenId: token.id, tokenName: token.name, team: token.teamName, role: token.role };
  }
}
