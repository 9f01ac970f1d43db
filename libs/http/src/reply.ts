import { CallHandler, ExecutionContext, HttpStatus, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { Observable, map } from 'rxjs';
import { etagOf } from './etag';

/** What a handler's answer says beyond its body. */
export interface ReplyMeta {
  /** The resource's version, sent as its ETag: the tag an update's `If-Match` sends back. */
  version?: number;
  /** Where a created resource lives, sent as `Location`. */
  location?: string;
  /** A status other than the route's own (a create that found the same resource stored already: 200). */
  status?: HttpStatus;
}

/** A handler's body and what the response says beside it; handlers return it and never touch the response. */
export class Reply<T> {
  constructor(
    readonly body: T,
    readonly meta: ReplyMeta,
  ) {}
}

export function reply<T>(body: T, meta: ReplyMeta): Reply<T> {
  return new Reply(body, meta);
}

/**
 * Turns a handler's `Reply` into its status, `ETag` and `Location` headers and sends its body. Registered
 * inside the idempotency interceptor, so a replayed create answers the same headers as the first.
 */
@Injectable()
export class ReplyInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((result: unknown) => {
        if (!(result instanceof Reply)) return result;
        const response = context.switchToHttp().getResponse<Response>();
        const { version, location, status } = result.meta;
        if (status !== undefined) response.status(status);
        if (location !== undefined) response.setHeader('Location', location);
        if (version !== undefined) response.setHeader('ETag', etagOf(version));
        return result.body;
      }),
    );
  }
}
