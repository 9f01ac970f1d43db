import type { FieldError } from './problem';

/**
 * What went wrong, in the domain's words. The problem-details filter turns each code into HTTP in one
 * exhaustive switch, so a code added here and not mapped there fails to compile.
 */
export type DomainErrorCode =
  /** The resource does not exist, or belongs to a team the caller may not see. */
  | 'not-found'
  /** The caller proved no identity: a sign-in that failed, a spent or unknown handoff code. */
  | 'unauthenticated'
  /** The caller may see the resource but not do this to it. */
  | 'forbidden'
  /** The current state refuses the change: a taken name, an active deployment in the way. */
  | 'conflict'
  /** The caller's copy is stale (`If-Match`). */
  | 'precondition-failed'
  /** Fields are malformed. */
  | 'invalid-input'
  /** A field names something that does not exist. */
  | 'invalid-reference'
  /** Well-formed input the domain refuses: manifests failing their schema, a placement that selects nothing. */
  | 'unprocessable'
  /** A cloud did not answer as it should; the same call may work later. */
  | 'upstream-unavailable';

export interface DomainErrorOptions {
  /** Each wrong field of the request, by its path (`labels.env`, `query.force`). */
  fields?: FieldError[];
  /** A specific problem slug, where the code's generic one says too little (`unknown-team`). */
  slug?: string;
  /** A specific title, to go with the slug. */
  title?: string;
  /** Further facts for operators, answered beside the detail (a cloud's own error code and message). */
  context?: Record<string, unknown>;
  /** How long a retry should wait, when a retry may succeed. */
  retryAfterSeconds?: number;
}

const TITLES: Record<DomainErrorCode, string> = {
  'not-found': 'Not found',
  unauthenticated: 'Unauthorized',
  forbidden: 'Forbidden',
  conflict: 'Conflict',
  'precondition-failed': 'Precondition failed',
  'invalid-input': 'Validation failed',
  'invalid-reference': 'Invalid reference',
  unprocessable: 'Unprocessable content',
  'upstream-unavailable': 'Upstream unavailable',
};

/** A failure the caller should see; its message is the problem's `detail`, so it must leak nothing internal. */
export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly options: DomainErrorOptions = {},
  ) {
    super(message);
  }

  get title(): string {
    return this.options.title ?? TITLES[this.code];
  }
}

/**
 * The generic errors every module builds its own from. The signatures mirror `problems`, so a call site
 * moves from the HTTP problem to the domain error by its name alone.
 */
export const domainErrors = {
  notFound: (what: string, id: string) => new DomainError('not-found', `${what} ${id} does not exist.`),
  forbidden: (detail: string) => new DomainError('forbidden', detail),
  conflict: (detail: string, fields?: FieldError[]) => new DomainError('conflict', detail, { fields }),
  preconditionFailed: (detail: string) =>
    new DomainError('precondition-failed', detail, { fields: [{ field: 'header.If-Match', message: detail }] }),
  validation: (fields: FieldError[], detail = 'The request has invalid fields.') =>
    new DomainError('invalid-input', detail, { fields }),
  /** A field naming a `what` that does not exist: `unknown-<what>`, "Unknown <what>". */
  unknownReference: (field: string, detail: string, what = field) =>
    new DomainError('invalid-reference', detail, {
      slug: `unknown-${what}`,
      title: `Unknown ${what}`,
      fields: [{ field, message: 'does not exist' }],
    }),
  unprocessable: (slug: string, title: string, detail: string, fields?: FieldError[]) =>
    new DomainError('unprocessable', detail, { slug, title, fields }),
};
