import {
  ClusterNotFound,
  CloudUnavailable,
  CredentialInvalid,
  InvalidRequest,
  PermissionDenied,
  ProviderError,
  ProviderErrorDetails,
  ResourceNotFound,
  Throttled,
} from '../errors';

/**
 * Who is speaking when a Google error is translated: the provider named in the domain error, the
 * product named in its message, and what "not found" means there (a cluster for GKE, a managed
 * service for bindings).
 */
export interface GoogleErrorContext {
  provider: string;
  product: string;
  /** What a NOT_FOUND is about: `cluster`, `resource`. */
  subject: string;
  notFound: typeof ClusterNotFound | typeof ResourceNotFound;
}

export const GKE_ERROR_CONTEXT: GoogleErrorContext = {
  provider: 'gke',
  product: 'GKE',
  subject: 'cluster',
  notFound: ClusterNotFound,
};

/** gRPC status codes (grpc/grpc doc/statuscodes.md), which google-gax reports for both transports. */
const GRPC_STATUS_NAMES: Record<number, string> = {
  1: 'CANCELLED',
  2: 'UNKNOWN',
  3: 'INVALID_ARGUMENT',
  4: 'DEADLINE_EXCEEDED',
  5: 'NOT_FOUND',
  6: 'ALREADY_EXISTS',
  7: 'PERMISSION_DENIED',
  8: 'RESOURCE_EXHAUSTED',
  9: 'FAILED_PRECONDITION',
  10: 'ABORTED',
  11: 'OUT_OF_RANGE',
  12: 'UNIMPLEMENTED',
  13: 'INTERNAL',
  14: 'UNAVAILABLE',
  15: 'DATA_LOSS',
  16: 'UNAUTHENTICATED',
};

/** The canonical name of a gRPC / google.rpc.Code status given as a number or already as a name. */
export function grpcStatusName(code: unknown): string {
  return typeof code === 'number' ? (GRPC_STATUS_NAMES[code] ?? String(code)) : String(code ?? 'UNKNOWN');
}

interface GaxErrorShape {
  code?: number | string;
  message?: string;
  details?: string;
  /** REST-transport and OAuth2 token-endpoint failures (gaxios errors) carry the HTTP answer. */
  response?: { status?: number; data?: unknown };
}

/** The JSON error body of Google APIs (https://cloud.google.com/apis/design/errors#http_mapping). */
interface ApiErrorBody {
  error?: { code?: number; message?: string; status?: string } | string;
  error_description?: string;
}

/** HTTP statuses of Google APIs mapped back to their canonical names, for bodies that do not say. */
export const HTTP_STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

/**
 * Translates google-gax errors (gRPC statuses, or HTTP answers on the REST transport) and
 * google-auth-library errors into domain errors.
 */
export function translateGoogleError(error: unknown, context: GoogleErrorContext = GKE_ERROR_CONTEXT): ProviderError {
  const shape = (error ?? {}) as GaxErrorShape;
  if (shape.response?.status !== undefined) {
    const status = shape.response.status;
    // The REST transport leaves the response body in the message rather than in `data`.
    const fromData = parseBody(shape.response.data);
    const body = fromData.error !== undefined ? fromData : parseBody(shape.message);
    if (typeof body.error === 'string')
      return tokenFailure(status, body.error, body.error_description ?? shape.message, error, context);
    const cloudCode = body.error?.status ?? httpStatusName(status);
    return googleErrorByStatusName(cloudCode, body.error?.message ?? shape.message, error, context);
  }
  if (typeof shape.code === 'number')
    return googleErrorByStatusName(grpcStatusName(shape.code), shape.details || shape.message, error, context);
  if (shape.code === undefined && /credential/i.test(shape.message ?? '')) {
    // google-auth-library's "Could not load the default credentials": nothing to authenticate with.
    return new CredentialInvalid(`no usable Google credential: ${shape.message}`, {
      provider: context.provider,
      cloudMessage: shape.message,
      cause: error,
    });
  }
  // Socket-level failures (ECONNREFUSED, ETIMEDOUT, ...) and anything unrecognised.
  return googleErrorByStatusName(
    typeof shape.code === 'string' ? shape.code : 'UNKNOWN',
    shape.message,
    error,
    context,
  );
}

/** The canonical status name of an HTTP answer from a Google API whose body does not say. */
export function httpStatusName(status: number): string {
  return HTTP_STATUS_NAMES[status] ?? (status >= 500 ? 'UNAVAILABLE' : `HTTP${status}`);
}

function parseBody(data: unknown): ApiErrorBody {
  if (typeof data !== 'string') return (data ?? {}) as ApiErrorBody;
  try {
    return JSON.parse(data) as ApiErrorBody;
  } catch {
    return {};
  }
}

/** The domain error for a canonical Google status name (gRPC code name or google.rpc.Code). */
export function googleErrorByStatusName(
  cloudCode: string,
  cloudMessage: string | undefined,
  error: unknown,
  context: GoogleErrorContext = GKE_ERROR_CONTEXT,
): ProviderError {
  const details: ProviderErrorDetails = { provider: context.provider, cloudCode, cloudMessage, cause: error };
  const say = (what: string) => `${what}: ${cloudCode}${cloudMessage ? ` (${cloudMessage})` : ''}`;
  switch (cloudCode) {
    case 'NOT_FOUND':
      return new context.notFound(say(`${context.product} does not know the ${context.subject}`), details);
    case 'UNAUTHENTICATED':
      return new CredentialInvalid(say('Google rejected the credential'), details);
    case 'PERMISSION_DENIED':
      return new PermissionDenied(say('Google denied the call'), details);
    case 'RESOURCE_EXHAUSTED':
      return new Throttled(say(`${context.product} is throttling`), details);
    case 'INVALID_ARGUMENT':
    case 'FAILED_PRECONDITION':
    case 'OUT_OF_RANGE':
      return new InvalidRequest(say(`${context.product} refused the request`), details);
    default:
      return new CloudUnavailable(say(`${context.product} is unavailable`), details);
  }
}

/** The OAuth2 token endpoint answered (`{"error": "invalid_grant", ...}`): 4xx is a bad credential. */
function tokenFailure(
  status: number,
  cloudCode: string,
  cloudMessage: string | undefined,
  error: unknown,
  context: GoogleErrorContext,
): ProviderError {
  const details: ProviderErrorDetails = { provider: context.provider, cloudCode, cloudMessage, cause: error };
  if (status === 429) return new Throttled(`Google's token endpoint is throttling: ${cloudCode}`, details);
  if (status >= 500) return new CloudUnavailable(`Google's token endpoint is unavailable: ${cloudCode}`, details);
  return new CredentialInvalid(`Google refused to issue a token: ${cloudCode} (${cloudMessage ?? ''})`, details);
}
