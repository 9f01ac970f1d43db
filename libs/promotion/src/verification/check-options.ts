/** How a check is run: `signal` aborts it (re-run or abort of a verification); `fetch` replaces the global one. */
export interface CheckOptions {
  signal: AbortSignal;
  fetch?: typeof fetch;
}
