import { HttpStatus } from '@nestjs/common';
import { ProblemException, problemType } from '@fleetplane/http';
import { ProviderError, ProviderErrorCode } from '@fleetplane/providers';

/**
 * The one mapping from provider errors to HTTP. Exhaustive: a new error code that is not mapped here
 * fails to compile. The cloud's own code and message travel with the problem, for operators.
 */
export function providerProblem(error: ProviderError): ProblemException {
  const cloud = { cloudCode: error.cloudCode, cloudMessage: error.cloudMessage, provider: error.provider };
  const code: ProviderErrorCode = error.code;
  switch (code) {
    case 'ClusterNotFound':
      return new ProblemException(
        HttpStatus.NOT_FOUND,
        problemType('cluster-not-found-in-cloud'),
        'Cluster not found in the cloud',
        error.message,
        {
          ...cloud,
          errors: [{ field: 'ref', message: `the cloud answered ${error.cloudCode ?? 'not found'}` }],
        },
      );
    case 'CredentialInvalid':
      return new ProblemException(
        HttpStatus.UNPROCESSABLE_ENTITY,
        problemType('credential-invalid'),
        'Credential refused by the cloud',
        error.message,
        {
          ...cloud,
          errors: [{ field: 'credential', message: error.cloudMessage ?? error.message }],
        },
      );
    case 'PermissionDenied':
      return new ProblemException(
        HttpStatus.UNPROCESSABLE_ENTITY,
        problemType('permission-denied-by-cloud'),
        'Permission denied by the cloud',
        error.message,
        {
          ...cloud,
          errors: [{ field: 'credential', message: error.cloudMessage ?? error.message }],
        },
      );
    case 'InvalidRequest':
      return new ProblemException(
        HttpStatus.UNPROCESSABLE_ENTITY,
        problemType('invalid-cloud-request'),
        'Invalid request to the cloud',
        error.message,
        {
          ...cloud,
          errors: [{ field: 'ref', message: error.message }],
        },
      );
    case 'UnknownProviderKind':
      return new ProblemException(
        HttpStatus.UNPROCESSABLE_ENTITY,
        problemType('unknown-provider'),
        'Unknown provider',
        error.message,
        {
          errors: [{ field: 'ref.provider', message: error.message }],
        },
      );
    case 'Throttled':
    case 'CloudUnavailable':
      return new ProblemException(
        HttpStatus.BAD_GATEWAY,
        problemType('cloud-unavailable'),
        'Cloud unavailable',
        `${error.message}; nothing was registered, retry later.`,
        {
          ...cloud,
          headers: { 'Retry-After': '5' },
        },
      );
    default:
      return assertUnreachable(code);
  }
}

function assertUnreachable(value: never): never {
  throw new Error(`unmapped provider error code ${String(value)}`);
}
