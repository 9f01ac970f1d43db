import { CallHandler, ExecutionContext, HttpStatus, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IdempotencyRecordEntity } from '@fleetplane/persistence';
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { Observable, from, lastValueFrom } from 'rxjs';
import { DataSource, IsNull, LessThan } from 'typeorm';
import { ProblemException, problemType, problems } from './problem';
import { requestContext } from './request-context';

const IDEMPOTENT = 'fleetplane:idempotent';
const HEADER = 'idempotency-key';
/** A first attempt that has not finished after this long is taken to have died with its process. */
const ABANDONED_AFTER_MS = 60_000;
const REPLAYED_HEADERS = ['location', 'etag'];

/** Marks a create route: a retry with the same `Idempotency-Key` and body gets the first response again. */
export const Idempotent = () => SetMetadata(IDEMPOTENT, true);

@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly dataSource: DataSource,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    const key = request.header(HEADER);
    if (key === undefined || !this.reflector.get<boolean>(IDEMPOTENT, context.getHandler())) return next.handle();
    return from(this.handle(key, request, context.switchToHttp().getResponse<Response>(), next));
  }

  private async handle(key: string, request: Request, response: Response, next: CallHandler): Promise<unknown> {
    if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
      throw problems.validation([
        { field: 'header.Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters' },
      ]);
    }
    const scope = requestContext.current()?.principal?.tokenId ?? 'anonymous';
    const fingerprint = fingerprintOf(request);
    const claimed = await this.claim(scope, key, fingerprint);
    if (claimed !== 'claimed') return this.replay(claimed, fingerprint, response);
    try {
      const body = await lastValueFrom(next.handle(), { defaultValue: undefined });
      await this.records().update(
        { scope, key },
        {
          responseStatus: response.statusCode,
          responseBody: body ?? null,
          responseHeaders: pickHeaders(response),
        },
      );
      return body;
    } catch (error) {
      // The create failed and wrote nothing, so a retry with this key must be free to try again.
      await this.records().delete({ scope, key, responseStatus: IsNull() });
      throw error;
    }
  }

  /** Inserts the in-flight record, or returns the one a previous attempt left. */
  private async claim(
    scope: string,
    key: string,
    requestFingerprint: string,
  ): Promise<'claimed' | IdempotencyRecordEntity> {
    const inserted = await this.records()
      .createQueryBuilder()
      .insert()
      .values({ scope, key, requestFingerprint })
      .orIgnore()
      .returning('id')
      .execute();
    if (inserted.raw.length > 0) return 'claimed';
    const takenOver = await this.records().update(
      {
        scope,
        key,
        responseStatus: IsNull(),
        requestFingerprint,
        createdAt: LessThan(new Date(Date.now() - ABANDONED_AFTER_MS)),
      },
      { createdAt: new Date() },
    );
    if (takenOver.affected) return 'claimed';
    return this.records().findOneByOrFail({ scope, key });
  }

  private replay(record: IdempotencyRecordEntity, fingerprint: string, response: Response): unknown {
    if (record.requestFingerprint !== fingerprint) {
      throw problems.unprocessable(
        'idempotency-key-reused',
        'Idempotency key reused',
        'This Idempotency-Key was already used with a different request; use a new key for a new request.',
        [{ field: 'header.Idempotency-Key', message: 'was used before with a different body' }],
      );
    }
    if (record.responseStatus === null) {
      throw new ProblemException(
        HttpStatus.CONFLICT,
        problemType('request-in-progress'),
        'Request in progress',
        'The first request with this Idempotency-Key is still being processed; retry shortly.',
        {
          headers: { 'Retry-After': '1' },
        },
      );
    }
    response.status(record.responseStatus);
    for (const [name, value] of Object.entries(record.responseHeaders ?? {})) response.setHeader(name, value);
    response.setHeader('Idempotent-Replayed', 'true');
    return record.responseBody;
  }

  private records() {
    return this.dataSource.getRepository(IdempotencyRecordEntity);
  }
}

function fingerprintOf(request: Request): string {
  return createHash('sha256')
    .update(`${request.method} ${request.baseUrl}${request.path}\n`)
    .update(canonicalJson(request.body ?? null))
    .digest('hex');
}

/** JSON with object keys sorted, so the same body sent with its keys in another order is the same request. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function pickHeaders(response: Response): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const value = response.getHeader(name);
    if (value !== undefined) picked[name] = String(value);
  }
  return picked;
}
