import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiProblem } from '../api/client';

/** A problem from the API with every field it named and its request id, or any other failure's message. */
export function ProblemView({ error }: { error: unknown }) {
  if (!(error instanceof ApiProblem))
    return (
      <div role="alert" class="problem">
        <strong>Could not reach the control plane.</strong> {error instanceof Error ? error.message : String(error)}
      </div>
    );
  return (
    <div role="alert" class="problem">
      <strong>
        {error.status} {error.title}
      </strong>
      {error.detail && <p>{error.detail}</p>}
      {error.errors.length > 0 && (
        <ul>
          {error.errors.map((entry) => (
            <li key={entry.field}>
              <code>{entry.field}</code>: {entry.message}
            </li>
          ))}
        </ul>
      )}
      {error.requestId && (
        <p class="muted">
          Request id: <code>{error.requestId}</code>
        </p>
      )}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p role="status" class="muted">
      Loading {what}…
    </p>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="empty">{children}</p>;
}

export type Loaded<T> = { state: 'loading' } | { state: 'error'; error: unknown } | { state: 'ready'; value: T };

/** Runs `load` whenever `deps` change; `reload` runs it again keeping the last value on screen. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): [Loaded<T>, () => void] {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    load().then(
      (value) => current && setLoaded({ state: 'ready', value }),
      (error: unknown) => current && setLoaded({ state: 'error', error }),
    );
    return () => {
      current = false;
    };
  }, [...deps, generation]);
  return [loaded, useCallback(() => setGeneration((n) => n + 1), [])];
}

export type Requested<T> = { state: 'idle' } | Loaded<T>;

/** A load the user starts (a form's submit): idle until `run`, then loading, then its value or its error. */
export function useRequest<T>(): [Requested<T>, (load: () => Promise<T>) => Promise<void>] {
  const [requested, setRequested] = useState<Requested<T>>({ state: 'idle' });
  const run = useCallback(async (load: () => Promise<T>) => {
    setRequested({ state: 'loading' });
    try {
      setRequested({ state: 'ready', value: await load() });
    } catch (error) {
      setRequested({ state: 'error', error });
    }
  }, []);
  return [requested, run];
}
