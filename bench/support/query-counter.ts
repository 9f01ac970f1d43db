import { Client } from 'pg';

export interface QueryTally {
  /** Statement and first table, e.g. `SELECT deployment_targets`, `START TRANSACTION`. */
  kind: string;
  count: number;
  rows: number;
  /** Sum over queries of (answer time − send time), in ms: concurrent queries overlap. */
  waitMs: number;
  /** Characters of statement text and parameters sent (what the socket writes, before encoding). */
  sentChars: number;
}

/**
 * Counts the PostgreSQL queries this process sends (every pg Client, so TypeORM's pool too), the rows
 * they return and the time each waited for its answer, between start() and stop(), per statement kind.
 * For benchmarks: tells how many database round trips a piece of work costs, and which.
 */
export class QueryCounter {
  private static installed?: QueryCounter;
  private counting = false;
  private tallies = new Map<string, QueryTally>();

  static install(): QueryCounter {
    if (QueryCounter.installed) return QueryCounter.installed;
    const counter = new QueryCounter();
    const original = Client.prototype.query as (...args: unknown[]) => unknown;
    Client.prototype.query = function (this: Client, ...args: unknown[]) {
      const result = original.apply(this, args);
      if (counter.counting && result instanceof Promise) {
        const started = performance.now();
        const text = typeof args[0] === 'string' ? args[0] : String((args[0] as { text?: string })?.text ?? '');
        const tally = counter.tallyFor(kindOf(text));
        tally.count++;
        tally.sentChars += text.length + parameterChars(args[1]);
        result.then(
          (answer: { rows?: unknown[] }) => {
            tally.waitMs += performance.now() - started;
            tally.rows += Array.isArray(answer?.rows) ? answer.rows.length : 0;
          },
          () => undefined,
        );
      }
      return result;
    } as typeof Client.prototype.query;
    return (QueryCounter.installed = counter);
  }

  start(): void {
    this.tallies = new Map();
    this.counting = true;
  }

  /** Stops counting; the tallies, most frequent first. */
  stop(): QueryTally[] {
    this.counting = false;
    return [...this.tallies.values()].sort((a, b) => b.count - a.count);
  }

  private tallyFor(kind: string): QueryTally {
    let tally = this.tallies.get(kind);
    if (!tally) this.tallies.set(kind, (tally = { kind, count: 0, rows: 0, waitMs: 0, sentChars: 0 }));
    return tally;
  }
}

function kindOf(sql: string): string {
  const statement = /^\s*(SELECT|INSERT|UPDATE|DELETE|START TRANSACTION|BEGIN|COMMIT|ROLLBACK|WITH)\b/i.exec(sql)?.[1];
  const table = /\b(?:FROM|INTO|UPDATE)\s+"?(\w+)"?/i.exec(sql)?.[1];
  return [statement?.toUpperCase() ?? sql.slice(0, 20), table].filter(Boolean).join(' ');
}

/** Roughly what pg sends for the parameters: strings as they are, buffers as bytes, the rest as JSON. */
function parameterChars(parameters: unknown): number {
  if (!Array.isArray(parameters)) return 0;
  return parameters.reduce((sum: number, value: unknown) => sum + parameterLength(value), 0);
}

function parameterLength(value: unknown): number {
  if (value == null) return 0;
  if (typeof value === 'string') return value.length;
  if (Buffer.isBuffer(value)) return value.length;
  return JSON.stringify(value)?.length ?? 0;
}
