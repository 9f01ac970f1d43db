import {
  ClusterNotFound,
  CloudUnavailable,
  CredentialInvalid,
  InvalidRequest,
  PermissionDenied,
  ProviderError,
  ProviderErrorDetails,
  Throttled,
} from '../errors';

/** What AWS SDK v3 errors carry: the error shape name, the HTTP status and the SDK's own verdicts. */
interface AwsErrorShape {
  name?: string;
  message?: string;
  code?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number };
  $retryable?: { throttling?: boolean };
}

const NOT_FOUND = new Set(['ResourceNotFoundException', 'NotFoundException']);
const CREDENTIAL_INVALID = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'CredentialsProviderError',
]);
const PERMISSION_DENIED = new Set([
  'AccessDeniedException',
  'AccessDenied',
  'UnauthorizedOperation',
  'UnauthorizedException',
]);
const THROTTLED = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
]);
const INVALID = new Set([
  'InvalidParameterException',
  'InvalidRequestException',
  'ValidationException',
  'ClientException',
]);

/** Translates an AWS SDK v3 error (EKS or STS) into the library's domain errors. */
export function translateAwsError(error: unknown, provider = 'eks'): ProviderError {
  const shape = (error ?? {}) as AwsErrorShape;
  const cloudCode = shape.name ?? shape.code ?? 'Unknown';
  const status = shape.$metadata?.httpStatusCode;
  const details: ProviderErrorDetails = { provider, cloudCode, cloudMessage: shape.message, cause: error };
  const say = (what: string) => `${what}: ${cloudCode}${shape.message ? ` (${shape.message})` : ''}`;

  if (NOT_FOUND.has(cloudCode) || status === 404)
    return new ClusterNotFound(say('AWS does not know the resource'), details);
  if (CREDENTIAL_INVALID.has(cloudCode) || status === 401)
    return new CredentialInvalid(say('AWS rejected the credential'), details);
  if (PERMISSION_DENIED.has(cloudCode) || status === 403)
    return new PermissionDenied(say('AWS denied the call'), details);
  if (THROTTLED.has(cloudCode) || shape.$retryable?.throttling || status === 429)
    return new Throttled(say('AWS is throttling'), details);
  if (INVALID.has(cloudCode)) return new InvalidRequest(say('AWS refused the request'), details);
  if (shape.$fault === 'client' && status !== undefined && status < 500)
    return new InvalidRequest(say('AWS refused the request'), details);
  return new CloudUnavailable(say('AWS is unavailable'), details);
}
