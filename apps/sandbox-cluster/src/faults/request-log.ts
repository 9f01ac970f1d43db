export interface RequestLogEntry {
  /** ISO time the request arrived. */
  time: string;
  method: string;
  /** Path with query string, exactly as the client sent it. */
  path: string;
  status: number;
  latencyMs: number;
  userAgent?: string;
  /** `2.0` or `1.1`: the protocol the client negotiated. */
  httpVersion: string;
}

const DEFAULT_CAPACITY = 10_000;

/** The last requests one cluster served, oldest first, so tests can count what a client sent. */
export class RequestLog {
  private entries: RequestLogEntry[] = [];

  constructor(private readonly capacity = DEFAULT_CAPACITY) {}

  add(entry: RequestLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > this.capacity * 1.5) this.entries = this.entries.slice(-this.capacity);
  }

  read(): RequestLogEntry[] {
    return this.entries.slice(-this.capacity);
  }

  clear(): void {
    this.entries = [];
  }
}
