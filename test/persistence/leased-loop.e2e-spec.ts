import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Database, LeaseLostError, LeasedLoop, LeasedLoopOptions, Leases } from '@fleetplane/persistence';
import { backends, createScratchDatabase } from '../support/database';
import { eventually } from '../support/eventually';

const LEASE = 'spec-rounds';
const LONG_MS = 60_000;

/** A round that counts itself and can be held open until its signal fires. */
function recorder() {
  const seen = { rounds: 0, failures: [] as unknown[], leaseErrors: [] as unknown[], aborts: [] as unknown[] };
  const options = (overrides: Partial<LeasedLoopOptions> = {}): LeasedLoopOptions => ({
    lease: LEASE,
    intervalMs: LONG_MS,
    leaseMs: LONG_MS,
    round: async () => void seen.rounds++,
    onRoundFailed: (error) => seen.failures.push(error),
    onLeaseError: (error) => seen.leaseErrors.push(error),
    ...overrides,
  });
  const untilAborted = async (signal: AbortSignal) => {
    seen.rounds++;
    await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    seen.aborts.push(signal.reason);
  };
  return { seen, options, untilAborted };
}

for (const backend of backends()) {
  describe(`LeasedLoop (${backend} database)`, () => {
    let database: Database;
    let dataDir: string;
    let scratch: { url: string; drop: () => Promise<void> } | undefined;
    let leases: Leases;

    const holderOf = async (): Promise<string | undefined> =>
      (await database.dataSource.query('SELECT holder FROM leases WHERE name = $1', [LEASE]))[0]?.holder;

    before(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'fleetplane-leased-loop-'));
      scratch = backend === 'postgres' ? await createScratchDatabase() : undefined;
      database = await Database.open({ dataDir, databaseUrl: scratch?.url });
      leases = new Leases(database.dataSource);
    });

    after(async () => {
      await database.close();
      await scratch?.drop();
      await rm(dataDir, { recursive: true, force: true });
    });

    it('does a round under the lease at start, then the next only when woken before the interval', async () => {
      const { seen, options } = recorder();
      const loop = new LeasedLoop(leases, options());
      loop.start();
      try {
        await eventually(() => seen.rounds === 1, 'the first round ran');
        assert.equal(await holderOf(), loop.holder);
        loop.wake();
        await eventually(() => seen.rounds === 2, 'the woken round ran');
      } finally {
        await loop.stop();
      }
    });

    it('releases the lease in finally on stop, and another replica takes it over at once', async () => {
      const first = recorder();
      const second = recorder();
      const holding = new LeasedLoop(leases, first.options());
      const waiting = new LeasedLoop(leases, second.options({ intervalMs: 20 }));
      holding.start();
      await eventually(() => first.seen.rounds === 1, 'the first replica did a round');
      waiting.start();
      try {
        await new Promise((resolve) => setTimeout(resolve, 200));
        assert.equal(second.seen.rounds, 0, 'a replica without the lease does no round');
        await holding.stop();
        assert.notEqual(await holderOf(), holding.holder);
        await eventually(() => second.seen.rounds > 0, 'the other replica did a round');
        assert.equal(await holderOf(), waiting.holder);
      } finally {
        await holding.stop();
        await waiting.stop();
      }
      assert.equal(await holderOf(), undefined);
    });

    it('aborts the running round on stop and waits for it to end before releasing', async () => {
      const { seen, options, untilAborted } = recorder();
      const loop = new LeasedLoop(leases, options({ round: untilAborted }));
      loop.start();
      await eventually(() => seen.rounds === 1, 'the round started');
      await loop.stop();
      assert.equal(seen.aborts.length, 1);
      assert.equal(await holderOf(), undefined);
      assert.deepEqual(seen.failures, []);
    });

    it('aborts the round with LeaseLostError when a heartbeat finds the lease taken', async () => {
      const { seen, options, untilAborted } = recorder();
      const loop = new LeasedLoop(leases, options({ leaseMs: 150, round: untilAborted }));
      loop.start();
      try {
        await eventually(() => seen.rounds === 1, 'the round started');
        await database.dataSource.query(
          `UPDATE leases SET holder = 'another-replica', expires_at = now() + interval '1 hour' WHERE name = $1`,
          [LEASE],
        );
        await eventually(() => seen.aborts.length === 1, 'the round was aborted');
        assert.ok(seen.aborts[0] instanceof LeaseLostError);
      } finally {
        await loop.stop();
      }
      assert.equal(await holderOf(), 'another-replica', 'a lease held by another replica is not released');
      await database.dataSource.query('DELETE FROM leases WHERE name = $1', [LEASE]);
    });

    it('goes on after a round that throws, reporting the error', async () => {
      const { seen, options } = recorder();
      const broken = new Error('the round broke');
      const loop = new LeasedLoop(
        leases,
        options({
          intervalMs: 20,
          round: async () => {
            if (++seen.rounds === 1) throw broken;
          },
        }),
      );
      loop.start();
      try {
        await eventually(() => seen.rounds >= 2, 'a round ran after the failed one');
        assert.deepEqual(seen.failures, [broken]);
      } finally {
        await loop.stop();
      }
    });

    it('pauses one interval before the first round when asked to', async () => {
      const { seen, options } = recorder();
      const loop = new LeasedLoop(leases, options({ pauseFirst: true }));
      loop.start();
      try {
        await new Promise((resolve) => setTimeout(resolve, 200));
        assert.equal(seen.rounds, 0);
        loop.wake();
        await eventually(() => seen.rounds === 1, 'the woken first round ran');
      } finally {
        await loop.stop();
      }
    });

    it('stops at once while it pauses, and never rounds again', async () => {
      const { seen, options } = recorder();
      const loop = new LeasedLoop(leases, options());
      loop.start();
      await eventually(() => seen.rounds === 1, 'the first round ran');
      const started = Date.now();
      await loop.stop();
      assert.ok(Date.now() - started < 5_000);
      loop.wake();
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(seen.rounds, 1);
      assert.equal(await holderOf(), undefined);
    });
  });
}
