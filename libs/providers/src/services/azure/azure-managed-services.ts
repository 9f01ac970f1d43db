// `import()` below is typed from the packages' `import` condition (their ESM builds; at run time the
// compiled `require` loads the CJS builds of the same API): the static types must come from the same side.
import type { KeyVaultManagementClient, Vault } from '@azure/arm-keyvault' with { 'resolution-mode': 'import' };
import type { MySQLManagementFlexibleServerClient } from '@azure/arm-mysql-flexible' with {
  'resolution-mode': 'import',
};
import type { PostgreSQLManagementFlexibleServerClient } from '@azure/arm-postgresql-flexible' with {
  'resolution-mode': 'import',
};
import type { RedisManagementClient } from '@azure/arm-rediscache' with { 'resolution-mode': 'import' };
import type { SBNamespace, ServiceBusManagementClient } from '@azure/arm-servicebus' with {
  'resolution-mode': 'import',
};
import type { StorageManagementClient } from '@azure/arm-storage' with { 'resolution-mode': 'import' };
import type { TokenCredential } from '@azure/core-auth';
import type { SecretClient } from '@azure/keyvault-secrets' with { 'resolution-mode': 'import' };
import { Inject, Injectable } from '@nestjs/common';
import { defaultAzureTokenCredential } from '../../aks/azure-credentials';
import { callCloud } from '../../cloud-call';
import { ClientCache } from '../../client-cache';
import { requireCredentialType } from '../../credential-guard';
import { CREDENTIAL_TYPES_OF_PROVIDER } from '../../credential-types';
import type { AzureCredential } from '../../credentials';
import { InvalidRequest } from '../../errors';
import { fingerprint } from '../../fingerprint';
import type { ProviderRuntime, ProvidersOptions } from '../../providers-options';
import { resolveRuntime } from '../../providers-options';
import { PROVIDERS_OPTIONS } from '../../tokens';
import type {
  ManagedServiceCallOptions,
  ManagedServiceFacts,
  ManagedServicesAdapter,
  SecretReading,
  ServiceDiscoveryScopes,
} from '../managed-services';
import { secretFields } from '../secret-fields';
import type { AzureServicesOptions } from './azure-services.options';
import { parseAzureNativeId, parseKeyVaultSecretUri, resourceGroupOfId } from './azure-native-ids';
import { translateAzureServiceError } from './azure-services-errors';
import {
  describeFlexibleServer,
  describeKeyVaultSecret,
  describeRedisCache,
  describeServiceBusNamespace,
  describeServiceBusQueue,
  describeStorageAccount,
} from './azure-services-mapping';

interface SubscriptionClients {
  postgres: PostgreSQLManagementFlexibleServerClient;
  mysql: MySQLManagementFlexibleServerClient;
  redis: RedisManagementClient;
  storage: StorageManagementClient;
  serviceBus: ServiceBusManagementClient;
  keyVault: KeyVaultManagementClient;
}

/** Signals cancel the SDK calls; retries belong to the injected policy, never the SDK's. */
type Abortable = { abortSignal: AbortSignal };

/**
 * Azure's managed services through the ARM SDKs (Database for PostgreSQL and MySQL flexible
 * servers, Cache for Redis, Storage accounts, Service Bus namespaces and queues, Key Vault secrets'
 * metadata) and Key Vault secrets' values through `@azure/keyvault-secrets`. Read-only; every failure is a `ProviderError`
 * (`ResourceNotFound` for a resource id ARM does not know). The SDKs are imported by the first call that
 * needs a client, not with the library: processes that never call them do not pay for loading them.
 */
@Injectable()
export class AzureManagedServices implements ManagedServicesAdapter<'azure'> {
  readonly cloud = 'azure';
  private readonly runtime: ProviderRuntime;
  private readonly settings: AzureServicesOptions;
  private readonly arm = new ClientCache<Promise<SubscriptionClients>>();
  private readonly identities = new ClientCache<TokenCredential>();
  private readonly vaults = new ClientCache<Promise<SecretClient>>();

  constructor(@Inject(PROVIDERS_OPTIONS) options: ProvidersOptions) {
    this.runtime = resolveRuntime(options);
    this.settings = options.services?.azure ?? {};
  }

  async describe(
    nativeId: string,
    credential: AzureCredential,
    options?: ManagedServiceCallOptions,
  ): Promise<ManagedServiceFacts> {
    const id = parseAzureNativeId(nativeId);
    const arm = await this.client(id.subscriptionId, credential);
    const { resourceGroup: group, name } = id;
    switch (id.product) {
      case 'azure-postgresql-flexible':
        return describeFlexibleServer(
          id.product,
          await this.call((o) => arm.postgres.servers.get(group, name, o), options),
        );
      case 'azure-mysql-flexible':
        return describeFlexibleServer(
          id.product,
          await this.call((o) => arm.mysql.servers.get(group, name, o), options),
        );
      case 'azure-cache-redis':
        return describeRedisCache(await this.call((o) => arm.redis.redis.get(group, name, o), options));
      case 'azure-storage-account':
        return describeStorageAccount(
          await this.call((o) => arm.storage.storageAccounts.getProperties(group, name, o), options),
        );
      case 'azure-servicebus-namespace':
        return describeServiceBusNamespace(
          await this.call((o) => arm.serviceBus.namespaces.get(group, name, o), options),
        );
      case 'azure-servicebus-queue': {
        const queue = await this.call((o) => arm.serviceBus.queues.get(group, name, id.child ?? '', o), options);
        const namespace = await this.call((o) => arm.serviceBus.namespaces.get(group, name, o), options);
        return describeServiceBusQueue(queue, namespace);
      }
      case 'key-vault-secret':
        return describeKeyVaultSecret(
          await this.call((o) => arm.keyVault.secrets.get(group, name, id.child ?? '', o), options),
        );
    }
  }

  /**
   * Every flexible server, Redis cache, storage account, Service Bus namespace and queue, and Key Vault
   * secret of the subscription (or of one of its resource groups); secrets are listed vault by vault.
   */
  async discover(
    scope: ServiceDiscoveryScopes['azure'],
    credential: AzureCredential,
    options?: ManagedServiceCallOptions,
  ): Promise<ManagedServiceFacts[]> {
    const arm = await this.client(scope.subscriptionId, credential);
    const group = scope.resourceGroup;
    const [postgres, mysql, caches, accounts, namespaces, vaults] = await Promise.all([
      this.call(
        (o) =>
          collect(
            group ? arm.postgres.servers.listByResourceGroup(group, o) : arm.postgres.servers.listBySubscription(o),
          ),
        options,
      ),
      this.call(
        (o) => collect(group ? arm.mysql.servers.listByResourceGroup(group, o) : arm.mysql.servers.list(o)),
        options,
      ),
      this.call(
        (o) => collect(group ? arm.redis.redis.listByResourceGroup(group, o) : arm.redis.redis.listBySubscription(o)),
        options,
      ),
      this.call(
        (o) =>
          collect(
            group ? arm.storage.storageAccounts.listByResourceGroup(group, o) : arm.storage.storageAccounts.list(o),
          ),
        options,
      ),
      this.call(
        (o) =>
          collect(group ? arm.serviceBus.namespaces.listByResourceGroup(group, o) : arm.serviceBus.namespaces.list(o)),
        options,
      ),
      this.call(
        (o) =>
          collect(
            group ? arm.keyVault.vaults.listByResourceGroup(group, o) : arm.keyVault.vaults.listBySubscription(o),
          ),
        options,
      ),
    ]);
    const [queues, secrets] = await Promise.all([
      Promise.all(namespaces.map((namespace) => this.queuesOf(arm, namespace, options))),
      Promise.all(vaults.map((vault) => this.secretsOf(arm, vault, options))),
    ]);
    return [
      ...postgres.map((server) => describeFlexibleServer('azure-postgresql-flexible', server)),
      ...mysql.map((server) => describeFlexibleServer('azure-mysql-flexible', server)),
      ...caches.map(describeRedisCache),
      ...accounts.map(describeStorageAccount),
      ...namespaces.map(describeServiceBusNamespace),
      ...queues.flat(),
      ...secrets.flat(),
    ];
  }

  /**
   * A Key Vault secret by its URI (`https://{vault}.vault.azure.net/secrets/{name}[/{version}]`; the
   * current version without one) or by its ARM id, as a secret registered as an instance is named (ARM
   * tells its `secretUri` first). A JSON object's members are the fields; other text is `value`.
   */
  async readSecret(
    reference: string,
    credential: AzureCredential,
    options?: ManagedServiceCallOptions,
  ): Promise<SecretReading> {
    const uri = parseKeyVaultSecretUri(await this.secretUriOf(reference, credential, options));
    const vault = await this.vault(uri.vaultUrl, credential);
    const secret = await this.call((o) => vault.getSecret(uri.name, { ...o, version: uri.version }), options);
    if (secret.value === undefined) {
      throw new InvalidRequest(`Key Vault returned no value for ${reference}`, { provider: 'azure' });
    }
    return { fields: secretFields(secret.value), version: secret.properties.version ?? '' };
  }

  private async queuesOf(
    arm: SubscriptionClients,
    namespace: SBNamespace,
    options?: ManagedServiceCallOptions,
  ): Promise<ManagedServiceFacts[]> {
    const list = (group: string, name: string, o: Abortable) => arm.serviceBus.queues.listByNamespace(group, name, o);
    const queues = await this.childrenOf(namespace, list, options);
    return queues.map((queue) => describeServiceBusQueue(queue, namespace));
  }

  private async secretsOf(
    arm: SubscriptionClients,
    vault: Vault,
    options?: ManagedServiceCallOptions,
  ): Promise<ManagedServiceFacts[]> {
    const list = (group: string, name: string, o: Abortable) => arm.keyVault.secrets.list(group, name, o);
    return (await this.childrenOf(vault, list, options)).map(describeKeyVaultSecret);
  }

  /** Every child resource of a listed parent (a namespace's queues, a vault's secrets), by the parent's group and name. */
  private childrenOf<T>(
    parent: { id?: string; name?: string },
    list: (group: string, name: string, options: Abortable) => AsyncIterable<T>,
    options?: ManagedServiceCallOptions,
  ): Promise<T[]> {
    return this.call((o) => collect(list(resourceGroupOfId(parent.id), parent.name ?? '', o)), options);
  }

  /** A secret URI as given; an ARM id (`/subscriptions/...`) as the `secretUri` ARM reports for it. */
  private async secretUriOf(
    reference: string,
    credential: AzureCredential,
    options?: ManagedServiceCallOptions,
  ): Promise<string> {
    if (!reference.toLowerCase().startsWith('/subscriptions/')) return reference;
    const facts = await this.describe(reference, credential, options);
    if (facts.product !== 'key-vault-secret' || !facts.uri) {
      throw new InvalidRequest(`not a Key Vault secret: ${reference}`, { provider: 'azure' });
    }
    return facts.uri;
  }

  private call<T>(call: (options: Abortable) => PromiseLike<T>, options?: ManagedServiceCallOptions): Promise<T> {
    return callCloud(
      this.runtime.retryPolicy,
      translateAzureServiceError,
      (abortSignal) => call({ abortSignal }),
      options?.signal,
    );
  }

  private identity(credential: AzureCredential): TokenCredential {
    requireCredentialType('aks', credential, CREDENTIAL_TYPES_OF_PROVIDER.aks);
    return this.identities.get(fingerprint(credential), () =>
      (this.settings.tokenCredentialFor ?? defaultAzureTokenCredential)(credential),
    );
  }

  /** The ARM clients of a subscription, created (and their SDKs imported) by the first call that needs them. */
  private client(subscriptionId: string, credential: AzureCredential): Promise<SubscriptionClients> {
    const identity = this.identity(credential);
    return this.arm.load(`${subscriptionId}|${fingerprint(credential)}`, async () => {
      const [postgres, mysql, redis, storage, serviceBus, keyVault] = await Promise.all([
        import('@azure/arm-postgresql-flexible'),
        import('@azure/arm-mysql-flexible'),
        import('@azure/arm-rediscache'),
        import('@azure/arm-storage'),
        import('@azure/arm-servicebus'),
        import('@azure/arm-keyvault'),
      ]);
      const options = {
        endpoint: this.settings.endpoint,
        agent: this.settings.agent,
        // Retries belong to the injected policy (the SDKs would also retry 429 and 5xx on their own).
        retryOptions: { maxRetries: 0 },
      };
      return {
        postgres: new postgres.PostgreSQLManagementFlexibleServerClient(identity, subscriptionId, options),
        mysql: new mysql.MySQLManagementFlexibleServerClient(identity, subscriptionId, options),
        redis: new redis.RedisManagementClient(identity, subscriptionId, options),
        storage: new storage.StorageManagementClient(identity, subscriptionId, options),
        serviceBus: new serviceBus.ServiceBusManagementClient(identity, subscriptionId, options),
        keyVault: new keyVault.KeyVaultManagementClient(identity, subscriptionId, options),
      };
    });
  }

  private vault(vaultUrl: string, credential: AzureCredential): Promise<SecretClient> {
    const identity = this.identity(credential);
    const override = this.settings.keyVaultEndpoint;
    return this.vaults.load(`${override ?? vaultUrl}|${fingerprint(credential)}`, async () => {
      const { SecretClient } = await import('@azure/keyvault-secrets');
      return new SecretClient(override ?? vaultUrl, identity, {
        agent: this.settings.agent,
        retryOptions: { maxRetries: 0 },
        ...(override ? { disableChallengeResourceVerification: true } : {}),
      });
    });
  }
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
