/**
 * Domain errors of the providers library. Adapters translate every vendor error into one of
 * these at the boundary, so callers switch on `code` and never look at SDK types.
 */
export type ProviderErrorCode =
  | 'ClusterNotFound'
  | 'ResourceNotFound'
  | 'CredentialInvalid'
  | 'PermissionDenied'
  | 'Throttled'
  | 'CloudUnavailable'
  | 'InvalidRequest'
  | 'UnknownProviderKind';

export interface ProviderErrorDetails {
  /** The provider kind the failing call went to (a free string for `UnknownProviderKind`). */
  provider: string;
  /** The cloud's own error code, unchanged (`ResourceNotFoundException`, `NOT_FOUND`, `ResourceNotFound`, ...). */
  cloudCode?: string;
  /** The cloud's own message, unchanged, for operators. */
  cloudMessage?: string;
  cause?: unknown;
}

export abstract class ProviderError extends Error {
  abstract readonly code: ProviderErrorCode;
  readonly provider: string;
  readonly cloudCode?: string;
  readonly cloudMessage?: string;

  constructor(message: string, details: ProviderErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.provider = details.provider;
    this.cloudCode = details.cloudCode;
    this.cloudMessage = details.cloudMessage;
  }

  /** Whether the same call may succeed later without any change (the retry policy keys on this). */
  get retryable(): boolean {
    return false;
  }
}

/** The cloud says the cluster does not exist (or no longer exists). */
export class ClusterNotFound extends ProviderError {
  readonly code = 'ClusterNotFound';
}

/** The cloud has no managed service (database, cache, bucket, queue, secret) by the native id asked for. */
export class ResourceNotFound extends ProviderError {
  readonly code = 'ResourceNotFound';
}

/** The cloud rejects the credential itself: unknown, expired, revoked or malformed keys or tokens. */
export class CredentialInvalid extends ProviderError {
  readonly code = 'CredentialInvalid';
}

/** The credential is valid but its identity may not perform the call. */
export class PermissionDenied extends ProviderError {
  readonly code = 'PermissionDenied';
}

/** The cloud rate-limited the call and kept doing so through every retry. */
export class Throttled extends ProviderError {
  readonly code = 'Throttled';
  override get retryable(): boolean {
    return true;
  }
}

/** The cloud (or for self-managed clusters, the API server) failed with 5xx or could not be reached. */
export class CloudUnavailable extends ProviderError {
  readonly code = 'CloudUnavailable';
  override get retryable(): boolean {
    return true;
  }
}

/** The request was malformed before reaching the cloud, or the cloud refused its parameters. */
export class InvalidRequest extends ProviderError {
  readonly code = 'InvalidRequest';
}

/** No adapter is registered for the provider kind asked for. */
export class UnknownProviderKind extends ProviderError {
  readonly code = 'UnknownProviderKind';
}
