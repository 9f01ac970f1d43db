import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClaimLoop, ClaimLoopOptions, RowLeases } from './claim-loop';
import { LeaseLostError } from './heartbeat';
import { Wakeup } from './wakeup';

/** Rows in memory, leased as the database leases them: one holder each, until released. */
class MemoryRows implements RowLeases {
  readonly holders = new Map<string, string | undefined>();
  readonly released: string[] = [];

  constructor(ids: string[]) {
    for (const id of ids) this.holders.set(id, undefined);
  }

  async claim(holder: string): Promise<string | undefined> {
    const free = [...this.holders].find(([, current]) => current === undefined)?.[0];
    if (free) this.holders.set(free, holder);
    return free;
  }

  async heartbeat(id: string, holder: string): Promise<boolean> {
    return this.holders.get(id) === holder;
  }

  async release(id: string, holder: string): Promise<void> {
    if (this.holders.get(id) !== holder) return;
    this.holders.set(id, undefined);
    this.released.push(id);
  }

  /** Another replica takes the row over. */
  takeOver(id: string): void {
    this.holders.set(id, 'another-replica');
  }
}

/** Work per row that runs until released by the spec or aborted by its signal. */
function workbench() {
  const running = new Map<string, { finish: () => void; fail: (error: Error) => void }>();
  const aborts = new Map<string, unknown>();
  const started: string[] = [];
  const work = (id: string, _holder: string, signal: AbortSignal) =>
    new Promise<void>((finish, fail) => {
      started.push(id);
      running.set(id, { finish, fail });
      signal.addEventListener(
        'abort',
        () => {
          aborts.set(id, signal.reason);
          finish();
        },
        { once: true },
      );
    }).finally(() => running.delete(id));
  return { running, aborts, started, work };
}

function loopOver(rows: RowLeases, overrides: Partial<ClaimLoopOptions> = {}) {
  const failures: Array<{ id: string; error: unknown }> = [];
  const options: ClaimLoopOptions = {
    holderPrefix: 'spec',
    leaseMs: 300,
    heartbeatMs: 20,
    concurrency: 2,
    pollMs: 60_000,
    work: async () => undefined,
    onClaimFailed: (error) => failures.push({ id: '', error }),
    onWorkFailed: (id, error) => failures.push({ id, error }),
    onLeaseError: (id, error) => failures.push({ id, error }),
    ...overrides,
  };
  return { loop: new ClaimLoop(rows, new Wakeup(), options), failures };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let tries = 0; !condition(); tries++) {
    if (tries > 250) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('ClaimLoop', () => {
  it('works on as many rows at once as its bound, and claims the next when one ends', async () => {
    const rows = new MemoryRows(['a', 'b', 'c']);
    const bench = workbench();
    const { loop } = loopOver(rows, { work: bench.work });
    loop.start();
    try {
      await until(() => bench.running.size === 2, 'two rows are worked on');
      await settle();
      assert.deepEqual([...bench.running.keys()], ['a', 'b']);
      bench.running.get('a')!.finish();
      await until(() => bench.running.has('c'), 'the third row is claimed');
    } finally {
      await loop.stop();
    }
  });

  it('claims again at once when woken, before its poll', async () => {
    const rows = new MemoryRows([]);
    const bench = workbench();
    const { loop } = loopOver(rows, { work: bench.work });
    loop.start();
    try {
      await settle();
      rows.holders.set('late', undefined);
      loop.wakeup.wake();
      await until(() => bench.running.has('late'), 'the new row is claimed');
    } finally {
      await loop.stop();
    }
  });

  it('aborts only the row whose lease was lost, with LeaseLostError, and leaves that lease alone', async () => {
    const rows = new MemoryRows(['a', 'b']);
    const bench = workbench();
    const { loop } = loopOver(rows, { work: bench.work, concurrency: 2 });
    loop.start();
    try {
      await until(() => bench.running.size === 2, 'both rows are worked on');
      rows.takeOver('a');
      await until(() => bench.aborts.has('a'), 'the lost row was aborted');
      assert.ok(bench.aborts.get('a') instanceof LeaseLostError);
      assert.ok(bench.running.has('b'));
      assert.equal(rows.holders.get('a'), 'another-replica');
    } finally {
      await loop.stop();
    }
  });

  it('reports work that throws and releases its lease, so the row is claimed again', async () => {
    const rows = new MemoryRows(['a']);
    const bench = workbench();
    const broken = new Error('driving broke');
    const { loop, failures } = loopOver(rows, { work: bench.work });
    loop.start();
    try {
      await until(() => bench.running.has('a'), 'the row is worked on');
      bench.running.get('a')!.fail(broken);
      await until(() => bench.started.length === 2, 'the row is worked on again');
      assert.deepEqual(failures, [{ id: 'a', error: broken }]);
      assert.deepEqual(rows.released, ['a']);
    } finally {
      await loop.stop();
    }
  });

  it('leaves the lease of work that returns as the work left it', async () => {
    const rows = new MemoryRows(['a']);
    const { loop } = loopOver(rows, { work: async () => undefined });
    loop.start();
    try {
      await until(() => rows.holders.get('a') === loop.holder, 'the row is claimed');
      await settle();
      assert.deepEqual(rows.released, []);
    } finally {
      await loop.stop();
    }
  });

  it('on stop aborts every row, waits for their work, and releases their leases', async () => {
    const rows = new MemoryRows(['a', 'b']);
    const bench = workbench();
    const { loop, failures } = loopOver(rows, { work: bench.work });
    loop.start();
    await until(() => bench.running.size === 2, 'both rows are worked on');
    await loop.stop();
    assert.equal(bench.running.size, 0);
    assert.deepEqual([...bench.aborts.keys()].sort(), ['a', 'b']);
    assert.deepEqual(rows.released.sort(), ['a', 'b']);
    assert.deepEqual(failures, []);
  });

  it('reports a claim that throws and claims again at its next turn', async () => {
    const rows = new MemoryRows(['a']);
    const bench = workbench();
    const unreachable = new Error('database unreachable');
    let claims = 0;
    const flaky: RowLeases = {
      claim: (holder) => (++claims === 1 ? Promise.reject(unreachable) : rows.claim(holder)),
      heartbeat: (id, holder) => rows.heartbeat(id, holder),
      release: (id, holder) => rows.release(id, holder),
    };
    const { loop, failures } = loopOver(flaky, { work: bench.work, pollMs: 20 });
    loop.start();
    try {
      await until(() => bench.running.has('a'), 'the row is claimed after the failed claim');
      assert.deepEqual(failures, [{ id: '', error: unreachable }]);
    } finally {
      await loop.stop();
    }
  });
});
