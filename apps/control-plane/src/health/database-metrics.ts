import { Injectable, OnModuleInit } from '@nestjs/common';
import { MetricsRegistry } from '@fleetplane/http';
import { Database } from '@fleetplane/persistence';
import { Pool } from 'pg';
import { Gauge } from 'prom-client';
import type { Driver } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/** Connection-pool gauges, read at scrape time from the `pg` pool TypeORM holds. */
@Injectable()
export class DatabaseMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsRegistry,
    private readonly database: Database,
  ) {}

  onModuleInit(): void {
    const pool = () => poolOf(this.database.dataSource.driver);
    new Gauge({
      name: 'fleetplane_db_pool_connections',
      help: 'Database pool connections by state (total, idle, waiting clients).',
      labelNames: ['state'],
      registers: [this.metrics.registry],
      collect() {
        const current = pool();
        this.set({ state: 'total' }, current?.totalCount ?? 0);
        this.set({ state: 'idle' }, current?.idleCount ?? 0);
        this.set({ state: 'waiting' }, current?.waitingCount ?? 0);
      },
    });
    new Gauge({
      name: 'fleetplane_db_pool_max',
      help: 'The most connections the pool opens.',
      registers: [this.metrics.registry],
      collect() {
        this.set(pool()?.options.max ?? 0);
      },
    });
  }
}

/** TypeORM declares its `pg` pool as `any`: it is read only when it is one. */
function poolOf(driver: Driver): Pool | undefined {
  const pool: unknown = driver instanceof PostgresDriver ? driver.master : undefined;
  return pool instanceof Pool ? pool : undefined;
}
