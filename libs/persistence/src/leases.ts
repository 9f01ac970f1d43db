import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * Row leases: one replica at a time holds a named piece of work and renews it by heart-beating.
 * Expiry is judged by the database's clock, so replicas with skewed clocks still agree.
 */
@Injectable()
export class Leases {
  constructor(private readonly dataSource: DataSource) {}

  /** Claims `name` for `holder`, or renews it if `holder` has it; true when `holder` holds it now. */
  async acquire(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO leases (name, holder, expires_at) VALUES ($1, $2, now() + $3 * interval '1 millisecond')
       ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
       WHERE leases.holder = EXCLUDED.holder OR leases.expires_at < now()
       RETURNING name`,
      [name, holder, ttlMs],
    );
    return rows.length > 0;
  }

  /** Gives the lease up at once (a clean shutdown), so another replica need not wait for expiry. */
  async release(name: string, holder: string): Promise<void> {
    await this.dataSource.query('DELETE FROM leases WHERE name = $1 AND holder = $2', [name, holder]);
  }
}
