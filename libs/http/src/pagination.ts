import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { problems } from './problem';

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
    const [time, id] = decodeCursor(page.cursor);
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

function decodeCursor(cursor: string): [string, string] {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(decoded) && decoded.length === 2 && decoded.every((part) => typeof part === 'string')) {
      if (!Number.isNaN(Date.parse(decoded[0]))) return [decoded[0], decoded[1]];
    }
  } catch {
    // fall through to the problem below
  }
  throw problems.validation([{ field: 'query.cursor', message: 'is not a cursor this API returned' }]);
}
