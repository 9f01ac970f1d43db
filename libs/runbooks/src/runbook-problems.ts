/** One thing wrong with a runbook definition, addressed precisely enough for its author to fix it. */
export interface RunbookProblem {
  /** Field path such as `spec.steps[2].with.clusters`; empty for the whole document. */
  path: string;
  message: string;
  /** 1-based position in the YAML text, for syntax errors in text input. */
  line?: number;
  column?: number;
}

/** The outcome of a validation stage: the typed value, or every problem found (never an empty list). */
export type RunbookResult<T> = { ok: true; value: T } | { ok: false; problems: RunbookProblem[] };
