import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { problems } from './problem';
import { unstorableText } from './unstorable-text';

export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50, description: 'Items per page.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit: number = 50;

  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** An OpenAPI schema for `Page<T>`: `class TokenPage extends PageOf(TokenView) {}`. */
export function PageOf<T>(item: new () => T) {
  class PageOfItem implements Page<T> {
    @ApiProperty({ type: [item] })
    items: T[];

    @ApiProperty({
      type: String,
      nullable: true,
      description: 'Pass as `cursor` for the next page; null on the last page.',
    })
    nextCursor: string | null;
  }
  return PageOfItem;
}

/**
 * Keyset pagination, newest first, on a timestamp column and a unique tiebreaker: stable while rows are
 * added, and as fast on page 1,000 as on page 1.
 */
export async function paginate<E extends ObjectLiteral>(
  query: SelectQueryBuilder<E>,
  page: PageQuery,
  keys: { time: string; id: string; timeOf: (row: E) => Date; idOf: (row: E) => string },
): Promise<Page<E>> {
  if (page.cursor) {
    const [time, id] = decodeCursor(page.cursor, idKindOf(query, keys.id));
    query.andWhere(`(${keys.time}, ${keys.id}) < (:cursorTime, :cursorId)`, { cursorTime: time, cursorId: id });
  }
  const rows = await query
    .orderBy(keys.time, 'DESC')
    .addOrderBy(keys.id, 'DESC')
    .take(page.limit + 1)
    .getMany();
  const items = rows.slice(0, page.limit);
  const last = items[items.length - 1];
  const nextCursor = rows.length > page.limit && last ? encodeCursor(keys.timeOf(last), keys.idOf(last)) : null;
  return { items, nextCursor };
}

function encodeCursor(time: Date, id: string): string {
  return Buffer.from(JSON.stringify([time.toISOString(), id])).toString('base64url');
}

type IdKind = 'uuid' | 'bigint' | 'text';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BIGINT_MAX = 2n ** 63n - 1n;

/** A cursor's id goes into a comparison with the id column: it must be of that column's type. */
const idIsA: Record<IdKind, (id: string) => boolean> = {
  uuid: (id) => UUID.test(id),
  bigint: (id) => /^\d{1,19}$/.test(id) && BigInt(id) <= BIGINT_MAX,
  text: (id) => unstorableText(id, '').length === 0,
};

/** The type of the tiebreaker column (`alias.property`), read from the entity it belongs to. */
function idKindOf<E extends ObjectLiteral>(query: SelectQueryBuilder<E>, idKey: string): IdKind {
  const [alias, property] = idKey.split('.');
  const type = query.expressionMap.findAliasByName(alias).metadata.findColumnWithPropertyPath(property)?.type;
  return type === 'uuid' || type === 'bigint' ? type : 'text';
}

/**
 * A cursor this API returned: an ISO timestamp exactly as `encodeCursor` writes it, and an id of the
 * column's type. Anything else, tampered or truncated, is a 400 rather than a database error.
 */
function decodeCursor(cursor: string, idKind: IdKind): [string, string] {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(decoded) && decoded.length === 2 && decoded.every((part) => typeof part === 'string')) {
      const [time, id] = decoded as [string, string];
      if (isIsoTimestamp(time) && idIsA[idKind](id)) return [time, id];
    }
  } catch {
    // fall through to the problem below
  }
  throw problems.validation([{ field: 'query.cursor', message: 'is not a cursor this API returned' }]);
}

/** Years 1 to 9999 only: both ends of JavaScript's range lie outside what PostgreSQL parses. */
function isIsoTimestamp(text: string): boolean {
  const time = new Date(text);
  return /^(?!0000)\d{4}-/.test(text) && !Number.isNaN(time.getTime()) && time.toISOString() === text;
}
