import { DataSource, EntityManager, In } from 'typeorm';

/** Rows of an entity with a uuid `id`, read in one query and keyed by id; duplicate ids are read once. */
export async function rowsById<T extends { id: string }>(
  db: DataSource | EntityManager,
  entity: new () => T,
  ids: readonly string[],
): Promise<Map<string, T>> {
  if (ids.length === 0) return new Map();
  const rows = (await db.getRepository(entity).findBy({ id: In([...new Set(ids)]) } as never)) as T[];
  return new Map(rows.map((row) => [row.id, row]));
}
