import { InvalidRequest } from '../../errors';
import type { ServiceProductOf } from '../managed-services';

export type AzureProduct = ServiceProductOf<'azure'>;

/** An ARM resource id split into what the SDK calls take. */
export interface AzureNativeId {
  product: AzureProduct;
  subscriptionId: string;
  resourceGroup: string;
  /** The top-level resource: the server, cache, account, namespace or vault. */
  name: string;
  /** The child resource's name (a Service Bus queue, a Key Vault secret). */
  child?: string;
}

/** Provider namespace and resource type, lower-cased as ARM compares them, to the product. */
const PRODUCTS: Record<string, AzureProduct> = {
  'microsoft.dbforpostgresql/flexibleservers': 'azure-postgresql-flexible',
  'microsoft.dbformysql/flexibleservers': 'azure-mysql-flexible',
  'microsoft.cache/redis': 'azure-cache-redis',
  'microsoft.storage/storageaccounts': 'azure-storage-account',
  'microsoft.servicebus/namespaces': 'azure-servicebus-namespace',
  'microsoft.servicebus/namespaces/queues': 'azure-servicebus-queue',
  'microsoft.keyvault/vaults/secrets': 'key-vault-secret',
};

const RESOURCE_ID =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/([^/]+)\/([^/]+)\/([^/]+)(?:\/([^/]+)\/([^/]+))?$/i;

/**
 * Reads an ARM resource id (`/subscriptions/S/resourceGroups/G/providers/Namespace/type/name[/childType/child]`);
 * its provider namespace and type pick the product. ARM compares them case-insensitively.
 */
export function parseAzureNativeId(nativeId: string): AzureNativeId {
  const match = RESOURCE_ID.exec(nativeId);
  if (!match && /^https:\/\/[^/]+\/secrets\//i.test(nativeId)) {
    // The URI names no subscription or resource group, which ARM's Secrets_Get needs.
    throw new InvalidRequest(
      `a Key Vault secret is described by its Azure resource id (/subscriptions/{s}/resourceGroups/{g}/providers/Microsoft.KeyVault/vaults/{vault}/secrets/{name}), not its URI: ${nativeId}`,
      { provider: 'azure' },
    );
  }
  if (!match) throw new InvalidRequest(`not an Azure resource id: ${nativeId}`, { provider: 'azure' });
  const [, subscriptionId, resourceGroup, namespace, type, name, childType, child] = match;
  const product = PRODUCTS[[namespace, type, childType].filter(Boolean).join('/').toLowerCase()];
  if (!product) {
    throw new InvalidRequest(
      `no managed-service product for Azure resource type ${namespace}/${type}${childType ? `/${childType}` : ''}`,
      {
        provider: 'azure',
      },
    );
  }
  return { product, subscriptionId, resourceGroup, name, ...(child ? { child } : {}) };
}

/** The resource group of an ARM resource id as ARM spells it. */
export function resourceGroupOfId(id: string | undefined): string {
  return /\/resourceGroups\/([^/]+)\//i.exec(id ?? '')?.[1] ?? '';
}

/** A Key Vault secret URI, `https://{vault}.vault.azure.net/secrets/{name}[/{version}]`, split for the SDK. */
export interface KeyVaultSecretUri {
  vaultUrl: string;
  name: string;
  version?: string;
}

/** The Key Vault DNS suffixes of the public and sovereign clouds (https://learn.microsoft.com/azure/key-vault/general/about-keys-secrets-certificates#dns-suffixes-for-object-identifiers). */
const KEY_VAULT_SUFFIXES = [
  '.vault.azure.net',
  '.vault.azure.cn',
  '.vault.usgovcloudapi.net',
  '.vault.microsoftazure.de',
];

/**
 * Only Key Vault hosts are accepted: the SDK sends an Entra token to whatever host the URI names, so
 * an arbitrary URL would hand the platform's token to its owner.
 */
export function parseKeyVaultSecretUri(reference: string): KeyVaultSecretUri {
  let url: URL;
  try {
    url = new URL(reference);
  } catch {
    throw new InvalidRequest(`not a Key Vault secret URI: ${reference}`, { provider: 'azure' });
  }
  const path = /^\/secrets\/([0-9a-zA-Z-]+)(?:\/([0-9a-zA-Z]+))?\/?$/.exec(url.pathname);
  const host = url.hostname.toLowerCase();
  if (url.protocol !== 'https:' || !path || !KEY_VAULT_SUFFIXES.some((suffix) => host.endsWith(suffix)) || url.search) {
    throw new InvalidRequest(
      `not a Key Vault secret URI (https://{vault}.vault.azure.net/secrets/{name}[/{version}]): ${reference}`,
      { provider: 'azure' },
    );
  }
  return { vaultUrl: url.origin, name: path[1], ...(path[2] ? { version: path[2] } : {}) };
}
