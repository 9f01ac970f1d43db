import { isForbiddenAddress } from './connection/address-guard';
import { FieldConflict, KubeApiError, KubeErrorCode, StatusCause } from './kube-api-error';

/** Where a failed request went, so every error names its cluster and request. */
export interface RequestSite {
  cluster: string;
  method: string;
  path: string;
}

interface KubeStatus {
  message?: string;
  reason?: string;
  details?: { name?: string; retryAfterSeconds?: number; causes?: unknown[] };
}

/** A non-2xx answer, with the API server's Status body when it sent one. */
export function errorFromResponse(
  site: RequestSite,
  httpStatus: number,
  body: string,
  retryAfterHeader: string | undefined,
): KubeApiError {
  const status = parseStatus(body);
  const reason = status?.reason;
  const code = codeFor(httpStatus, reason);
  const causes = causesOf(status);
  const conflicts = code === 'Conflict' ? conflictsOf(causes) : [];
  const retryAfterSeconds =
    httpStatus === 429 ? (secondsOf(retryAfterHeader) ?? status?.details?.retryAfterSeconds ?? 1) : undefined;
  // A Kubernetes Status says what went wrong; any other body is whatever answered, and is not repeated.
  const message = status?.message || `HTTP ${httpStatus}`;
  return new KubeApiError({
    code,
    message: `${site.cluster}: ${message}`,
    retryable: isRetryable(code, conflicts),
    httpStatus,
    ...(reason === undefined ? {} : { reason }),
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    causes,
    conflicts,
    ...(status?.details?.name === undefined ? {} : { detailsName: status.details.name }),
    cluster: site.cluster,
    request: `${site.method} ${site.path}`,
  });
}

/**
 * A request that got no HTTP answer: refused, reset, timed out, or rejected by TLS verification. The code
 * tells them apart for retries; the message reads alike for all (the socket's own is kept as the cause), so
 * it cannot tell a closed port from an open one. An address the guard refused is said so, and not retried.
 */
export function errorFromSocket(site: RequestSite, error: Error & { code?: string }): KubeApiError {
  const tls = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|HOSTNAME_MISMATCH|ALTNAME/.test(error.code ?? '');
  const forbidden = isForbiddenAddress(error);
  const code: KubeErrorCode = tls ? 'TlsRejected' : 'Unreachable';
  return new KubeApiError({
    code,
    message: `${site.cluster}: ${forbidden ? error.message : 'API server unreachable'}`,
    retryable: !tls && !forbidden,
    cluster: site.cluster,
    request: `${site.method} ${site.path}`,
    cause: error,
  });
}

export function abortedError(site: RequestSite, reason: unknown): KubeApiError {
  return new KubeApiError({
    code: 'Aborted',
    message: `${site.cluster}: ${site.method} ${site.path} aborted by the caller`,
    retryable: false,
    cluster: site.cluster,
    request: `${site.method} ${site.path}`,
    cause: reason,
  });
}

function codeFor(httpStatus: number, reason: string | undefined): KubeErrorCode {
  if (httpStatus === 401) return 'Unauthorized';
  if (httpStatus === 403) return 'Forbidden';
  if (httpStatus === 404) return 'NotFound';
  if (httpStatus === 409) return reason === 'AlreadyExists' ? 'AlreadyExists' : 'Conflict';
  if (httpStatus === 422) return 'Invalid';
  if (httpStatus === 429) return 'TooManyRequests';
  if (httpStatus >= 500) return 'ServerError';
  return 'BadRequest';
}

function isRetryable(code: KubeErrorCode, conflicts: FieldConflict[]): boolean {
  if (code === 'TooManyRequests' || code === 'ServerError' || code === 'Unreachable') return true;
  // An optimistic-concurrency clash clears on the next attempt; a field-manager conflict needs force.
  return code === 'Conflict' && conflicts.length === 0;
}

function parseStatus(body: string): KubeStatus | undefined {
  if (!body.startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null ? (parsed as KubeStatus) : undefined;
  } catch {
    return undefined;
  }
}

function causesOf(status: KubeStatus | undefined): StatusCause[] {
  const raw = status?.details?.causes;
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((cause: unknown): StatusCause[] => {
    if (typeof cause !== 'object' || cause === null) return [];
    const { field, message, reason } = cause as Record<string, unknown>;
    return [
      {
        message: typeof message === 'string' ? message : '',
        ...(typeof field === 'string' ? { field } : {}),
        ...(typeof reason === 'string' ? { reason } : {}),
      },
    ];
  });
}

// The API server words an apply conflict cause as `conflict with "kubectl-edit" using apps/v1`.
const CONFLICTING_MANAGER = /conflict with "([^"]+)"/;

function conflictsOf(causes: StatusCause[]): FieldConflict[] {
  return causes.flatMap((cause) => {
    const manager = CONFLICTING_MANAGER.exec(cause.message)?.[1];
    return cause.reason === 'FieldManagerConflict' && manager !== undefined
      ? [{ manager, field: cause.field ?? '' }]
      : [];
  });
}

function secondsOf(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** The kubeconfig's auth provider (exec plugin, OIDC refresh, cloud token) failed to produce credentials. */
export function credentialsUnavailable(site: RequestSite, error: unknown): KubeApiError {
  return new KubeApiError({
    code: 'Unauthorized',
    message: `${site.cluster}: no credentials from the kubeconfig: ${(error as Error).message}`,
    retryable: false,
    cluster: site.cluster,
    request: `${site.method} ${site.path}`,
    cause: error,
  });
}
