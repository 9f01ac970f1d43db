import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../../migrations';
import { ALL_ENTITIES } from './entities';

export interface DataSourceOptions {
  url: string;
  /** The embedded database serves one session: its pool must be 1. */
  poolSize: number;
}

/** One data source for both the embedded and the real PostgreSQL: one dialect, one set of migrations. */
export function createDataSource(options: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    entities: ALL_ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'fleetplane_migrations',
    migrationsTransactionMode: 'each',
    // gen_random_uuid() is built into PostgreSQL 13+, PGlite included; uuid-ossp is not available there.
    uuidExtension: 'pgcrypto',
    synchronize: false,
    logging: false,
    extra: {
      max: options.poolSize,
      // A request waiting this long for a connection is failing, not queueing: say so instead of hanging.
      connectionTimeoutMillis: 15_000,
      idleTimeoutMillis: 30_000,
      application_name: 'fleetplane',
    },
  });
}
