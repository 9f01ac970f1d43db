import type { CredentialOf, ProviderKind } from './cloud-provider';
import type { ProviderCredential } from './credentials';

/** The credential types each provider's adapter accepts: adapters check against it, the API derives its lists from it. */
export const CREDENTIAL_TYPES_OF_PROVIDER = {
  eks: ['aws-default-chain', 'aws-static-keys', 'aws-assume-role'],
  gke: ['gcp-application-default', 'gcp-service-account-key'],
  aks: ['azure-client-secret', 'azure-workload-identity', 'azure-default'],
  kubeconfig: ['kubeconfig'],
  sandbox: ['kubeconfig', 'kubeconfig-file', 'kubeconfig-directory'],
} as const satisfies { readonly [K in ProviderKind]: readonly CredentialOf<K>['type'][] };

/** Credentials that name files on the control plane's own disk (the embedded demo's sandbox kubeconfigs). */
export const LOCAL_FILE_CREDENTIAL_TYPES = [
  'kubeconfig-file',
  'kubeconfig-directory',
] as const satisfies readonly ProviderCredential['type'][];
