import tls from 'node:tls';

/**
 * Counts the TLS connections this process opens (every https request that could not reuse a kept-alive
 * socket goes through tls.connect) between start() and stop().
 */
export class TlsCounter {
  private static installed?: TlsCounter;
  private counting = false;
  count = 0;

  static install(): TlsCounter {
    if (TlsCounter.installed) return TlsCounter.installed;
    const counter = new TlsCounter();
    const original = tls.connect;
    tls.connect = function (this: unknown, ...args: unknown[]) {
      if (counter.counting) counter.count++;
      return (original as (...args: unknown[]) => tls.TLSSocket).apply(this, args);
    } as typeof tls.connect;
    return (TlsCounter.installed = counter);
  }

  start(): void {
    this.count = 0;
    this.counting = true;
  }

  stop(): number {
    this.counting = false;
    return this.count;
  }
}
