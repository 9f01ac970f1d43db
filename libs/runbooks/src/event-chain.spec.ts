import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { ChainedEvent, EventEntry, GENESIS_HASH, appendEvent, canonicalJson, verifyChain } from './event-chain';

const entries: EventEntry[] = [
  { at: '2026-12-03T10:00:00.000Z', kind: 'triggered', resources: [], data: { by: 'health', incident: 'eks-use1' } },
  { at: '2026-12-03T10:00:01.000Z', step: 'cordon', kind: 'step-started', resources: ['cluster/eks-use1'], data: {} },
  {
    at: '2026-12-03T10:00:02.000Z',
    step: 'cordon',
    kind: 'step-completed',
    resources: ['cluster/eks-use1'],
    data: { clusters: ['eks-use1'] },
  },
  {
    at: '2026-12-03T10:00:09.000Z',
    step: 'promote',
    kind: 'step-failed',
    resources: ['instance/orders-db-replica'],
    error: { code: 'InvalidDBInstanceState', message: 'the replica is not available' },
    data: { attempt: 1 },
  },
];

function chain(list: readonly EventEntry[]): ChainedEvent[] {
  const log: ChainedEvent[] = [];
  for (const entry of list) log.push(appendEvent(log[log.length - 1], entry));
  return log;
}

describe('the event log as a hash chain', () => {
  it('numbers entries from 1 and links each to the hash of the one before', () => {
    const log = chain(entries);
    assert.deepEqual(
      log.map((event) => event.seq),
      [1, 2, 3, 4],
    );
    assert.equal(log[0].previousHash, GENESIS_HASH);
    for (let index = 1; index < log.length; index++) assert.equal(log[index].previousHash, log[index - 1].hash);
    assert.deepEqual(verifyChain(log), { ok: true });
  });

  it('hashes the previous hash with the canonical JSON of the entry, so anyone can recompute it', () => {
    const [first] = chain(entries);
    const body = { seq: 1, at: first.at, kind: first.kind, resources: [], data: first.data };
    const expected = createHash('sha256')
      .update(`${GENESIS_HASH}\n${canonicalJson(body)}`)
      .digest('hex');
    assert.equal(first.hash, expected);
    assert.equal(canonicalJson({ b: [2, { d: 1, c: null }], a: 'x' }), '{"a":"x","b":[2,{"c":null,"d":1}]}');
  });

  it('does not depend on the order keys were written in', () => {
    const reordered: EventEntry = {
      data: { incident: 'eks-use1', by: 'health' },
      resources: [],
      kind: 'triggered',
      at: entries[0].at,
    };
    assert.equal(appendEvent(undefined, reordered).hash, appendEvent(undefined, entries[0]).hash);
  });

  it('names the first broken link when an entry was edited', () => {
    const log = chain(entries);
    log[2] = { ...log[2], data: { clusters: ['gke-euw1'] } };
    assert.deepEqual(verifyChain(log), { ok: false, seq: 3, index: 2, reason: 'hash' });
  });

  it('names the link after an entry that was removed, or replaced with a rehashed one', () => {
    const log = chain(entries);
    assert.deepEqual(verifyChain([log[0], ...log.slice(2)]), { ok: false, seq: 3, index: 1, reason: 'sequence' });
    const forged = appendEvent(log[0], { ...entries[1], resources: ['cluster/gke-euw1'] });
    assert.deepEqual(verifyChain([log[0], forged, log[2], log[3]]), {
      ok: false,
      seq: 3,
      index: 2,
      reason: 'previous-hash',
    });
  });
});
