import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Database, createDataSource, migrate } from '@fleetplane/persistence';
import { MIGRATIONS } from '../../migrations';
import { backends, createScratchDatabase } from '../support/database';

describe('migrations', () => {
  it('describe exactly the schema the entities expect (nothing left to generate)', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'fleetplane-schema-'));
    const database = await Database.open({ dataDir });
    try {
      assert.equal(database.appliedMigrations.length, MIGRATIONS.length);
      const pending = await database.dataSource.driver.createSchemaBuilder().log();
      assert.deepEqual(
        pending.upQueries.map((query) => query.query),
        [],
      );
    } finally {
      await database.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('apply once on a reopened embedded database', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'fleetplane-reopen-'));
    try {
      const first = await Database.open({ dataDir });
      await first.close();
      const second = await Database.open({ dataDir });
      assert.deepEqual(second.appliedMigrations, []);
      await second.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  if (backends().includes('postgres')) {
    it('run once when several replicas start together on one PostgreSQL', async () => {
      const scratch = await createScratchDatabase();
      const replicas = Array.from({ length: 4 }, () => createDataSource({ url: scratch.url, poolSize: 2 }));
      try {
        await Promise.all(replicas.map((replica) => replica.initialize()));
        const applied = await Promise.all(replicas.map((replica) => migrate(replica)));
        assert.equal(applied.flat().length, MIGRATIONS.length, 'each migration ran on exactly one replica');
        const rows = await replicas[0].query('SELECT count(*)::int AS n FROM fleetplane_migrations');
        assert.equal(rows[0].n, MIGRATIONS.length);
      } finally {
        await Promise.all(replicas.map((replica) => replica.destroy()));
        await scratch.drop();
      }
    });
  }
});
