import type { TokenCredential } from '@azure/core-auth';
import type { Agent } from 'node:https';
import type { AzureCredential } from '../../credentials';

export interface AzureServicesOptions {
  /** Azure Resource Manager endpoint override (sovereign clouds, an emulator); `https://management.azure.com` otherwise. */
  endpoint?: string;
  /**
   * Where every Key Vault data-plane request goes instead of the vault's own host (an emulator).
   * The SDK's check that the vault's auth challenge names the vault's domain is off for it, since
   * the override's host is not in that domain.
   */
  keyVaultEndpoint?: string;
  /** The HTTPS agent for ARM and Key Vault calls, e.g. one that trusts a private CA. */
  agent?: Agent;
  /** Builds the Entra ID `TokenCredential` for a stored credential; `defaultAzureTokenCredential` when absent. */
  tokenCredentialFor?: (credential: AzureCredential) => TokenCredential;
}
