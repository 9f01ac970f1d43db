import { createHash } from 'node:crypto';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export const EVENT_KINDS = [
  /** Health first saw the outage the run answers (may precede the execution); starts detection time. */
  'outage-observed',
  /** The execution was started, by a person or a trigger. */
  'triggered',
  'step-started',
  'step-completed',
  'step-failed',
  'step-skipped',
  'approval-requested',
  'approval-answered',
  'paused',
  'resumed',
  'compensation-started',
  'compensation-completed',
  'execution-finished',
  /** Health is green again on the recovered side; ends recovery time. */
  'health-green',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** What happened, as the executor records it. `data` and `error` must hold no secret: the log is served as is. */
export interface EventEntry {
  /** ISO 8601 time. */
  at: string;
  /** The step it concerns, when it concerns one. */
  step?: string;
  kind: EventKind;
  /** What it touched: `cluster/eks-use1`, `route53/example.com/orders`, `instance/orders-db-replica`. */
  resources: string[];
  error?: { code: string; message: string };
  data: { [key: string]: JsonValue };
}

/** An entry in the log: numbered from 1, and chained to the one before by its hash. */
export interface ChainedEvent extends EventEntry {
  seq: number;
  /** The previous entry's hash; GENESIS_HASH for the first. */
  previousHash: string;
  /** SHA-256, hex, over `previousHash` and the canonical JSON of the entry with its `seq`. */
  hash: string;
}

/** What the first entry chains to. */
export const GENESIS_HASH = '0'.repeat(64);

/** The next entry of the log after `previous` (undefined for the first). Pure: the caller persists it. */
export function appendEvent(previous: ChainedEvent | undefined, entry: EventEntry): ChainedEvent {
  const seq = previous === undefined ? 1 : previous.seq + 1;
  const previousHash = previous?.hash ?? GENESIS_HASH;
  const body = bodyOf({ ...entry, seq });
  return { ...body, previousHash, hash: linkHash(previousHash, body) };
}

export type ChainVerdict =
  { ok: true } | { ok: false; seq: number; index: number; reason: 'sequence' | 'previous-hash' | 'hash' };

/**
 * Checks a whole log from its first entry: numbering without gaps, each entry pointing at the hash before
 * it, and each hash matching its entry. Names the first broken link: an edited entry breaks its own hash; a
 * removed or reordered one breaks the numbering or the link of the entry after it.
 */
export function verifyChain(entries: readonly ChainedEvent[]): ChainVerdict {
  let previousHash = GENESIS_HASH;
  for (const [index, entry] of entries.entries()) {
    const broken = (reason: 'sequence' | 'previous-hash' | 'hash') => ({
      ok: false as const,
      seq: entry.seq,
      index,
      reason,
    });
    if (entry.seq !== index + 1) return broken('sequence');
    if (entry.previousHash !== previousHash) return broken('previous-hash');
    if (entry.hash !== linkHash(previousHash, bodyOf(entry))) return broken('hash');
    previousHash = entry.hash;
  }
  return { ok: true };
}

/** The fields a hash covers, and only those: a stored row's extra columns do not change it. */
function bodyOf(entry: EventEntry & { seq: number }): EventEntry & { seq: number } {
  const { seq, at, step, kind, resources, error, data } = entry;
  return {
    seq,
    at,
    ...(step === undefined ? {} : { step }),
    kind,
    resources,
    ...(error === undefined ? {} : { error }),
    data,
  };
}

function linkHash(previousHash: string, body: EventEntry & { seq: number }): string {
  return createHash('sha256').update(previousHash).update('\n').update(canonicalJson(body)).digest('hex');
}

/** JSON with object keys sorted at every level and no spaces: equal values give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const fields = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`);
    return `{${fields.join(',')}}`;
  }
  return JSON.stringify(value);
}
