import { DynamicModule, Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Database, DatabaseOptions } from './database';
import { InventoryReads } from './inventory-reads';
import { Leases } from './leases';

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseOptions): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        { provide: Database, useFactory: () => Database.open(options) },
        { provide: DataSource, inject: [Database], useFactory: (database: Database) => database.dataSource },
        Leases,
        InventoryReads,
      ],
      exports: [Database, DataSource, Leases, InventoryReads],
    };
  }
}
