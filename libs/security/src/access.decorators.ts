import { ExecutionContext, SetMetadata, createParamDecorator, applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Principal } from '@fleetplane/http';
import type { Role } from './roles';

export const ACCESS_POLICY = 'fleetplane:access';

export type AccessPolicy = { kind: 'public'; reason: string } | { kind: 'role'; role: Role };

/**
 * An open route, with the reason it is open: an explicit, visible decision, published in the OpenAPI
 * document as `x-fleetplane-public` so a reader (and the conventions spec) sees why it has no security.
 */
export const Public = (reason: string) =>
  applyDecorators(
    SetMetadata(ACCESS_POLICY, { kind: 'public', reason } satisfies AccessPolicy),
    ApiExtension('x-fleetplane-public', reason),
  );

/** The least role a caller's token must have; every route that is not `@Public` must say it. */
export const RequireRole = (role: Role) =>
  applyDecorators(
    SetMetadata(ACCESS_POLICY, { kind: 'role', role } satisfies AccessPolicy),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'Missing, unknown, expired or revoked token.' }),
    ApiForbiddenResponse({ description: `The token's role is below ${role}, or its team may not act here.` }),
  );

export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  return context.switchToHttp().getRequest<{ principal: Principal }>().principal;
});
