import { OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createDataSource } from './data-source';
import { EmbeddedPostgres } from './embedded-postgres';
import { migrate } from './migrator';

export interface DatabaseOptions {
  /** A PostgreSQL server; absent: the embedded one under `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
  poolSize?: number;
}

/**
 * The open database: the data source, migrated, and the embedded server behind it when there is one.
 * Closed last at shutdown, after the HTTP server has drained (Nest calls shutdown hooks after `dispose`).
 */
export class Database implements OnApplicationShutdown {
  private constructor(
    readonly dataSource: DataSource,
    readonly embedded: EmbeddedPostgres | undefined,
    readonly appliedMigrations: string[],
  ) {}

  get mode(): 'embedded' | 'postgres' {
    return this.embedded ? 'embedded' : 'postgres';
  }

  static async open(options: DatabaseOptions): Promise<Database> {
    const embedded = options.databaseUrl ? undefined : await EmbeddedPostgres.start(options.dataDir);
    try {
      const dataSource = createDataSource({
        url: options.databaseUrl ?? embedded!.url,
        poolSize: embedded ? 1 : (options.poolSize ?? 10),
      });
      await dataSource.initialize();
      const applied = await migrate(dataSource).catch(async (error: unknown) => {
        await dataSource.destroy();
        throw error;
      });
      return new Database(dataSource, embedded, applied);
    } catch (error) {
      await embedded?.stop();
      throw error;
    }
  }

  async close(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    await this.embedded?.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}
