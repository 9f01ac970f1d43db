const relays = new WeakMap<AbortSignal, Set<() => void>>();

/**
 * Calls `callback` once when `signal` aborts (at once if it already has); the returned function stops
 * that. However many calls wait on one signal, it carries a single 'abort' listener: a rollout's signal
 * is shared by hundreds of requests in flight, and EventTarget walks its listener list on every add and
 * remove.
 */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  if (signal.aborted) {
    callback();
    return () => undefined;
  }
  let callbacks = relays.get(signal);
  if (!callbacks) {
    const waiting = new Set<() => void>();
    signal.addEventListener(
      'abort',
      () => {
        for (const waiter of [...waiting]) waiter();
        waiting.clear();
      },
      { once: true },
    );
    relays.set(signal, (callbacks = waiting));
  }
  const own = (): void => callback();
  callbacks.add(own);
  return () => void callbacks.delete(own);
}
