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
 * Who is speaking when an Azure error is translated: the provider named in the domain error and
 * what a 404 means there (a cluster for AKS, a managed service for bindings).
 */
export interface AzureErrorContext {
  provider: string;
  /** What a 404 is about: `cluster`, `resource`. */
  subject: string;
  notFound: typeof ClusterNotFound | typeof ResourceNotFound;
}

export const AKS_ERROR_CONTEXT: AzureErrorContext = { provider: 'aks', subject: 'cluster', notFound: ClusterNotFound };

interface AzureErrorShape {
  name?: string;
  /** ARM's `error.code` (`ResourceNotFound`, `AuthorizationFailed`, ...) or a socket code. */
  code?: string;
  message?: string;
  statusCode?: number;
  /** @azure/identity `AuthenticationError`: Entra ID's own answer. */
  errorResponse?: { error?: string; errorDescription?: string };
}

/** @azure/identity's errors for "no credential could be obtained" and "Entra ID refused". */
const IDENTITY_ERRORS = new Set(['CredentialUnavailableError', 'AuthenticationError', 'AggregateAuthenticationError']);

/**
 * Translates Azure SDK errors (ARM `RestError`s, whose `code` is ARM's `error.code`, and
 * @azure/identity errors) into domain errors.
 */
export function translateAzureError(error: unknown, context: AzureErrorContext = AKS_ERROR_CONTEXT): ProviderError {
  const shape = (error ?? {}) as AzureErrorShape;
  const status = shape.statusCode;
  const identity = IDENTITY_ERRORS.has(shape.name ?? '');
  const cloudCode = (identity ? shape.errorResponse?.error : undefined) ?? shape.code ?? shape.name ?? 'Unknown';
  const cloudMessage = (identity ? shape.errorResponse?.errorDescription : undefined) ?? shape.message;
  const details: ProviderErrorDetails = { provider: context.provider, cloudCode, cloudMessage, cause: error };
  const say = (what: string) => `${what}: ${cloudCode}${cloudMessage ? ` (${cloudMessage})` : ''}`;

  if (status === 429) return new Throttled(say('Azure is throttling'), details);
  if (status !== undefined && status >= 500) return new CloudUnavailable(say('Azure is unavailable'), details);
  if (identity || status === 401) return new CredentialInvalid(say('Entra ID rejected the credential'), details);
  if (status === 404) return new context.notFound(say(`Azure does not know the ${context.subject}`), details);
  if (status === 403) return new PermissionDenied(say('Azure denied the call'), details);
  if (status !== undefined && status >= 400) return new InvalidRequest(say('Azure refused the request'), details);
  return new CloudUnavailable(say('Azure is unavailable'), details);
}
