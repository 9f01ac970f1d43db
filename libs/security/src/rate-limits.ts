import type { ExecutionContext } from '@nestjs/common';
import type { ThrottlerModuleOptions } from '@nestjs/throttler';
import type { Request } from 'express';
import { TokenAuthenticator } from './token-authenticator';

export interface RateLimits {
  perTokenPerMinute: number;
  failedAuthenticationsPerMinute: number;
}

interface RateLimitSubject {
  tracker: string;
  limit: number;
}

/**
 * The throttler's settings. An authenticated request counts against its token's id, so no spelling of
 * the header escapes the limit; a refused one (malformed, unknown, expired or revoked token) against its
 * client address under the smaller failure limit, so guessing tokens is soon answered without a lookup;
 * one without credentials (public routes) against its address under the token limit.
 */
export function rateLimitOptions(authenticator: TokenAuthenticator, limits: RateLimits): ThrottlerModuleOptions {
  const subject = async (context: ExecutionContext): Promise<RateLimitSubject> => {
    const request = context.switchToHttp().getRequest<Request>();
    const authentication = await authenticator.authenticate(request);
    switch (authentication.kind) {
      case 'authenticated':
        return { tracker: `token:${authentication.principal.tokenId}`, limit: limits.perTokenPerMinute };
      case 'refused':
        return { tracker: `refused:${request.ip}`, limit: limits.failedAuthenticationsPerMinute };
      case 'anonymous':
        return { tracker: `ip:${request.ip}`, limit: limits.perTokenPerMinute };
    }
  };
  return {
    throttlers: [
      {
        name: 'default',
        ttl: 60_000,
        limit: async (context) => (await subject(context)).limit,
        getTracker: async (_request, context) => (await subject(context)).tracker,
      },
    ],
  };
}
