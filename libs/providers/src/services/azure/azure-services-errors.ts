import { AzureErrorContext, translateAzureError } from '../../aks/aks-errors';
import { ProviderError, ResourceNotFound } from '../../errors';

const AZURE_SERVICES: AzureErrorContext = { provider: 'azure', subject: 'resource', notFound: ResourceNotFound };

/** ARM and Key Vault `RestError`s and @azure/identity errors, as the AKS adapter reads them. */
export function translateAzureServiceError(error: unknown): ProviderError {
  return translateAzureError(error, AZURE_SERVICES);
}
