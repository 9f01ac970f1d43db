import { Client } from 'pg';

export interface CapturedQuery {
  text: string;
  parameters: unknown[];
}

/**
 * Records the SQL this process sends through pg (TypeORM's pool included) between start() and stop(),
 * exactly as sent, so a benchmark can EXPLAIN the statements an endpoint really runs.
 */
export class QueryCapture {
  private capturing = false;
  private captured: CapturedQuery[] = [];

  static install(): QueryCapture {
    const capture = new QueryCapture();
    const original = Client.prototype.query as (...args: unknown[]) => unknown;
    Client.prototype.query = function (this: Client, ...args: unknown[]) {
      if (capture.capturing && typeof args[0] === 'string')
        capture.captured.push({ text: args[0], parameters: Array.isArray(args[1]) ? args[1] : [] });
      return original.apply(this, args);
    } as typeof Client.prototype.query;
    return capture;
  }

  start(): void {
    this.captured = [];
    this.capturing = true;
  }

  stop(): CapturedQuery[] {
    this.capturing = false;
    return this.captured;
  }
}
