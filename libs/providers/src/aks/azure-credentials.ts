import type { TokenCredential } from '@azure/core-auth';
import { ClientSecretCredential, DefaultAzureCredential, WorkloadIdentityCredential } from '@azure/identity';
import type { AzureCredential } from '../credentials';

/** The default `AksOptions.tokenCredentialFor`: the @azure/identity credential matching the stored one. */
export function defaultAzureTokenCredential(credential: AzureCredential): TokenCredential {
  switch (credential.type) {
    case 'azure-client-secret':
      return new ClientSecretCredential(credential.tenantId, credential.clientId, credential.clientSecret);
    case 'azure-workload-identity':
      return new WorkloadIdentityCredential({
        tenantId: credential.tenantId,
        clientId: credential.clientId,
        tokenFilePath: credential.tokenFilePath,
      });
    case 'azure-default':
      return new DefaultAzureCredential(
        credential.managedIdentityClientId ? { managedIdentityClientId: credential.managedIdentityClientId } : {},
      );
  }
}
