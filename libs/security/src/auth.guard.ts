import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Principal, problems, requestContext } from '@fleetplane/http';
import type { Request } from 'express';
import { ACCESS_POLICY, AccessPolicy } from './access.decorators';
import { roleAtLeast } from './roles';
import { MALFORMED_AUTHORIZATION, TokenAuthenticator } from './token-authenticator';

/**
 * Guards every route. A route without an access policy is refused (fail closed), so a forgotten
 * decorator can never open a route.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: TokenAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = this.reflector.getAllAndOverride<AccessPolicy | undefined>(ACCESS_POLICY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (policy?.kind === 'public') return true;
    if (!policy) throw problems.forbidden('This route declares no access policy, so it is closed.');
    const request = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const principal = await this.authenticate(request);
    if (!roleAtLeast(principal.role, policy.role)) {
      throw problems.forbidden(`This needs the ${policy.role} role; the token has ${principal.role}.`);
    }
    request.principal = principal;
    const store = requestContext.current();
    if (store) store.principal = principal;
    return true;
  }

  private async authenticate(request: Request): Promise<Principal> {
    const authentication = await this.authenticator.authenticate(request);
    if (authentication.kind === 'anonymous') throw problems.unauthorized(MALFORMED_AUTHORIZATION);
    if (authentication.kind === 'refused') throw problems.unauthorized(authentication.reason);
    return authentication.principal;
  }
}
