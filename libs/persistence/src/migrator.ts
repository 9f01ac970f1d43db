import { DataSource, MigrationExecutor } from 'typeorm';

/** An arbitrary constant: every replica locks the same key, so migrations run once while the others wait. */
const MIGRATION_LOCK_KEY = 724_911_305;

/**
 * Applies pending migrations under a session-level advisory lock, so replicas starting together do not race.
 * Lock and migrations share one connection (the embedded database has only one), and the lock is
 * released even when a migration fails.
 */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const executor = new MigrationExecutor(dataSource, runner);
      executor.transaction = 'each';
      const applied = await executor.executePendingMigrations();
      return applied.map((migration) => migration.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}

/** True when every migration this build knows of has been applied (for readiness). */
export async function migrationsApplied(dataSource: DataSource): Promise<boolean> {
  return !(await dataSource.showMigrations());
}
