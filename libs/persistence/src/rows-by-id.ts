import { DataSource, EntityManager } from 'typeorm';

/** Rows of an entity with a uuid `id`, read in one query and keyed by id; duplicate ids are read once. */
export async function rowsById<T extends { id: string }>(
  db: DataSource | EntityManager,
  entity: new () => T,
  ids: readonly string[],
): Promise<Map<string, T>> {
  if (ids.length === 0) return new Map();
  // A where clause on `id` cannot be typed for any T, so the ids go through the primary key instead.
  const rows = await db
    .getRepository(entity)
    .createQueryBuilder()
    .whereInIds([...new Set(ids)])
    .getMany();
  return new Map(rows.map((row) => [row.id, row]));
}
