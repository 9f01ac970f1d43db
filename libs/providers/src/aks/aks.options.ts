import type { TokenCredential } from '@azure/core-auth';
import type { Agent } from 'node:https';
import type { AzureCredential } from '../credentials';

export interface AksOptions {
  /** Azure Resource Manager endpoint override (sovereign clouds, an emulator); `https://management.azure.com` otherwise. */
  endpoint?: string;
  /** The HTTPS agent for ARM calls, e.g. one that trusts a private CA. Azure refuses bearer tokens over plain HTTP. */
  agent?: Agent;
  /**
   * Builds the Entra ID `TokenCredential` for a stored credential; `defaultAzureTokenCredential`
   * (ClientSecretCredential, WorkloadIdentityCredential, DefaultAzureCredential) when absent.
   */
  tokenCredentialFor?: (credential: AzureCredential) => TokenCredential;
}
