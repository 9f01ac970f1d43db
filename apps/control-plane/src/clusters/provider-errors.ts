import { DomainError, assertUnreachable } from '@fleetplane/http';
import { ProviderError, ProviderErrorCode } from '@fleetplane/providers';

/**
 * The one translation of provider errors into domain errors. Exhaustive: a new provider error code that
 * is not translated here fails to compile. The cloud's own code and message travel with it, for operators.
 */
export function providerError(error: ProviderError): DomainError {
  const context = { cloudCode: error.cloudCode, cloudMessage: error.cloudMessage, provider: error.provider };
  const code: ProviderErrorCode = error.code;
  switch (code) {
    case 'ClusterNotFound':
      return new DomainError('not-found', error.message, {
        slug: 'cluster-not-found-in-cloud',
        title: 'Cluster not found in the cloud',
        context,
        fields: [{ field: 'ref', message: `the cloud answered ${error.cloudCode ?? 'not found'}` }],
      });
    case 'ResourceNotFound':
      return new DomainError('unprocessable', error.message, {
        slug: 'resource-not-found-in-cloud',
        title: 'Managed service not found in the cloud',
        context,
        fields: [{ field: 'nativeId', message: `the cloud answered ${error.cloudCode ?? 'not found'}` }],
      });
    case 'CredentialInvalid':
      return new DomainError('unprocessable', error.message, {
        slug: 'credential-invalid',
        title: 'Credential refused by the cloud',
        context,
        fields: [{ field: 'credential', message: error.cloudMessage ?? error.message }],
      });
    case 'PermissionDenied':
      return new DomainError('unprocessable', error.message, {
        slug: 'permission-denied-by-cloud',
        title: 'Permission denied by the cloud',
        context,
        fields: [{ field: 'credential', message: error.cloudMessage ?? error.message }],
      });
    case 'InvalidRequest':
      return new DomainError('unprocessable', error.message, {
        slug: 'invalid-cloud-request',
        title: 'Invalid request to the cloud',
        context,
        fields: [{ field: 'ref', message: error.message }],
      });
    case 'UnknownProviderKind':
      return new DomainError('invalid-reference', error.message, {
        slug: 'unknown-provider',
        title: 'Unknown provider',
        fields: [{ field: 'ref.provider', message: error.message }],
      });
    case 'Throttled':
    case 'CloudUnavailable':
      return new DomainError('upstream-unavailable', `${error.message}; nothing was registered, retry later.`, {
        slug: 'cloud-unavailable',
        title: 'Cloud unavailable',
        context,
        retryAfterSeconds: 5,
      });
    default:
      return assertUnreachable(code);
  }
}
