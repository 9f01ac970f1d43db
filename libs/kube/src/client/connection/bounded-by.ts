import { onAbort } from '../abort-relay';
import { CallerAbort, ConnectionError, Exchange, RequestTimeout } from './api-server-connection';

export interface Settle<T> {
  resolve(value: T): void;
  reject(error: unknown): void;
}

/**
 * A promise `run` settles, unless the exchange's timeout passes or its signal aborts first: then the
 * callback `run` returns (which must settle it), or else a plain rejection, gets a RequestTimeout or a
 * CallerAbort. Whichever comes first wins; the timer and the abort listener go with it.
 */
export function boundedBy<T>(
  exchange: Exchange,
  awaited: string,
  run: (settle: Settle<T>) => ((error: ConnectionError) => void) | void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let stopWaiting: (() => void) | undefined;
    const once =
      <A>(outcome: (argument: A) => void) =>
      (argument: A): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        stopWaiting?.();
        outcome(argument);
      };
    const settle: Settle<T> = { resolve: once(resolve), reject: once(reject) };
    let onAbandon: ((error: ConnectionError) => void) | void;
    const abandon = (error: ConnectionError): void => {
      if (!settled) (onAbandon ?? settle.reject)(error);
    };
    const timer = setTimeout(
      () => abandon(new RequestTimeout(`no ${awaited} within ${exchange.timeoutMs} ms`)),
      exchange.timeoutMs,
    );
    try {
      onAbandon = run(settle);
    } catch (error) {
      return settle.reject(error);
    }
    if (exchange.signal) stopWaiting = onAbort(exchange.signal, () => abandon(new CallerAbort()));
  });
}
