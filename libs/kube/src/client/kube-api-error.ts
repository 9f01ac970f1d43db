import { ObjectRef, describeRef, refOnly } from './object-ref';

/**
 * What went wrong talking to one cluster, decided once at the client boundary so callers branch on a
 * code instead of on HTTP statuses and socket error names.
 */
export type KubeErrorCode =
  /** Connection refused or reset, DNS failure, or no answer within the request timeout. */
  | 'Unreachable'
  /** The server's certificate did not verify against the kubeconfig's CA (or its name did not match). */
  | 'TlsRejected'
  /** 401: the credentials are missing, wrong or expired. */
  | 'Unauthorized'
  /** 403: authenticated, but RBAC (or a terminating namespace) refuses the verb. */
  | 'Forbidden'
  /** 404 on an object, or on the namespace it lives in. */
  | 'NotFound'
  /** The cluster serves no resource for this apiVersion and kind (a CRD not installed, a removed version). */
  | 'UnknownKind'
  /** 409: a field owned by another field manager, or an optimistic-concurrency clash. */
  | 'Conflict'
  /** 409 on create: the object is already there. */
  | 'AlreadyExists'
  /** 422: the object failed validation; `causes` carries the field paths. */
  | 'Invalid'
  /** 400 and other 4xx the request itself caused. */
  | 'BadRequest'
  /** 429: throttled; wait `retryAfterSeconds` before the next attempt. */
  | 'TooManyRequests'
  /** 5xx. */
  | 'ServerError'
  /** The caller's AbortSignal fired. */
  | 'Aborted';

export interface StatusCause {
  /** e.g. `spec.template.spec.containers[0].image` or `.spec.replicas`. */
  field?: string;
  message: string;
  reason?: string;
}

/** A server-side-apply conflict: another field manager owns a field this apply sets to a different value. */
export interface FieldConflict {
  manager: string;
  field: string;
}

export interface KubeApiErrorInit {
  code: KubeErrorCode;
  message: string;
  retryable: boolean;
  httpStatus?: number;
  /** The `reason` of the Kubernetes Status, e.g. `NotFound`, `Conflict`, `ProgressDeadlineExceeded`. */
  reason?: string;
  retryAfterSeconds?: number;
  causes?: StatusCause[];
  conflicts?: FieldConflict[];
  /** `details.name` of the Status: the object (or namespace) a 404 is about; absent when the path itself is unknown. */
  detailsName?: string;
  /** The cluster as the kubeconfig names it. */
  cluster: string;
  /** `METHOD /path` of the request that failed. */
  request: string;
  object?: ObjectRef;
  cause?: unknown;
}

/** The one error type a {@link KubeClusterClient} rejects with. */
export class KubeApiError extends Error {
  readonly code: KubeErrorCode;
  /** True when the same request may succeed later unchanged (outage, throttling, 5xx). */
  readonly retryable: boolean;
  readonly httpStatus?: number;
  readonly reason?: string;
  readonly retryAfterSeconds?: number;
  readonly causes: StatusCause[];
  readonly conflicts: FieldConflict[];
  readonly detailsName?: string;
  readonly cluster: string;
  readonly request: string;
  /** The object the failed call was about, when there was one. */
  readonly object?: ObjectRef;

  constructor(init: KubeApiErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'KubeApiError';
    this.code = init.code;
    this.retryable = init.retryable;
    this.httpStatus = init.httpStatus;
    this.reason = init.reason;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.causes = init.causes ?? [];
    this.conflicts = init.conflicts ?? [];
    this.detailsName = init.detailsName;
    this.cluster = init.cluster;
    this.request = init.request;
    this.object = init.object;
  }

  /** The same error, said about one object (apply and readiness report which object failed). */
  about(object: ObjectRef): KubeApiError {
    if (this.object !== undefined) return this;
    return new KubeApiError({
      ...this,
      message: `${describeRef(object)}: ${this.message}`,
      object: refOnly(object),
      cause: this.cause,
    });
  }
}

export function isKubeApiError(error: unknown, code?: KubeErrorCode): error is KubeApiError {
  return error instanceof KubeApiError && (code === undefined || error.code === code);
}
