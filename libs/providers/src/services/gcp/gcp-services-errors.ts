// Typed like the `import()` that loads the SDK (see gcp-managed-services.ts).
import type { ApiError } from '@google-cloud/storage' with { 'resolution-mode': 'import' };
import type { ErrorTranslator } from '../../cloud-call';
import { ProviderError, ResourceNotFound } from '../../errors';
import {
  GoogleErrorContext,
  googleErrorByStatusName,
  httpStatusName,
  translateGoogleError,
} from '../../gke/gke-errors';

const GCP_SERVICES: GoogleErrorContext = {
  provider: 'gcp',
  product: 'Google Cloud',
  subject: 'resource',
  notFound: ResourceNotFound,
};

/** google-gax and google-auth-library errors of the managed-service APIs, as the GKE adapter reads them. */
export function translateGcpServiceError(error: unknown): ProviderError {
  return translateGoogleError(error, GCP_SERVICES);
}

/**
 * Cloud Storage's own client reports API answers as an `ApiError` whose `code` is the HTTP status
 * (not a gRPC code as google-gax's are); its auth failures are google-auth-library's like the others.
 * `ApiError` sets no distinctive name, so it is recognised by its class, which comes with the loaded SDK.
 */
export function storageErrorTranslator(apiError: typeof ApiError): ErrorTranslator {
  return (error) => {
    if (error instanceof apiError && typeof error.code === 'number' && error.code >= 100) {
      return googleErrorByStatusName(httpStatusName(error.code), error.message, error, GCP_SERVICES);
    }
    return translateGcpServiceError(error);
  };
}
