import { Injectable, OnModuleInit } from '@nestjs/common';
import { MetricsRegistry } from '@fleetplane/http';
import { Database } from '@fleetplane/persistence';
import { Gauge } from 'prom-client';
import type { Pool } from 'pg';

/** Connection-pool gauges, read at scrape time from the `pg` pool TypeORM holds. */
@Injectable()
export class DatabaseMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsRegistry,
    private readonly database: Database,
  ) {}

  onModuleInit(): void {
    const pool = () => (this.database.dataSource.driver as unknown as { master?: Pool }).master;
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
