export * from './data-source';
export * from './database';
export * from './database.module';
export * from './embedded-postgres';
export * from './entities';
export * from './migrator';
export * from './leases';
export * from './rows-by-id';
