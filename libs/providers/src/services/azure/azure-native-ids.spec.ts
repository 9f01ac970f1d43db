import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAzureNativeId, parseKeyVaultSecretUri } from './azure-native-ids';

const RG = '/subscriptions/sub/resourceGroups/rg1/providers';

describe('parseAzureNativeId', () => {
  it('picks the product from the provider namespace and type, as case-insensitively as ARM', () => {
    assert.equal(
      parseAzureNativeId(`${RG}/Microsoft.DBforPostgreSQL/flexibleServers/pg`).product,
      'azure-postgresql-flexible',
    );
    assert.equal(parseAzureNativeId(`${RG}/microsoft.dbformysql/FLEXIBLESERVERS/my`).product, 'azure-mysql-flexible');
    assert.equal(parseAzureNativeId(`${RG}/Microsoft.Cache/Redis/cache1`).product, 'azure-cache-redis');
    assert.equal(parseAzureNativeId(`${RG}/Microsoft.Storage/storageAccounts/sa`).product, 'azure-storage-account');
    assert.equal(parseAzureNativeId(`${RG}/Microsoft.ServiceBus/namespaces/ns`).product, 'azure-servicebus-namespace');
    assert.deepEqual(parseAzureNativeId(`${RG}/Microsoft.ServiceBus/namespaces/ns/queues/q`), {
      product: 'azure-servicebus-queue',
      subscriptionId: 'sub',
      resourceGroup: 'rg1',
      name: 'ns',
      child: 'q',
    });
    assert.deepEqual(parseAzureNativeId(`${RG}/Microsoft.KeyVault/vaults/kv/secrets/db-password`), {
      product: 'key-vault-secret',
      subscriptionId: 'sub',
      resourceGroup: 'rg1',
      name: 'kv',
      child: 'db-password',
    });
  });

  it('refuses a Key Vault secret URI, which names no subscription or resource group, asking for the resource id', () => {
    assert.throws(() => parseAzureNativeId('https://kv.vault.azure.net/secrets/db-password'), {
      code: 'InvalidRequest',
      message: /Azure resource id .*Microsoft\.KeyVault\/vaults\/\{vault\}\/secrets\/\{name\}/,
    });
  });

  it('refuses other resource types and non-ARM ids with InvalidRequest', () => {
    for (const nativeId of [
      `${RG}/Microsoft.Compute/virtualMachines/vm`,
      `${RG}/Microsoft.ServiceBus/namespaces/ns/topics/t`,
      `${RG}/Microsoft.KeyVault/vaults/kv`,
      `${RG}/Microsoft.KeyVault/vaults/kv/keys/k`,
      'arn:aws:rds:eu-west-1:123:db:x',
      '/subscriptions/sub/providers/Microsoft.Cache/Redis/cache1',
    ]) {
      assert.throws(() => parseAzureNativeId(nativeId), { code: 'InvalidRequest' }, nativeId);
    }
  });
});

describe('parseKeyVaultSecretUri', () => {
  it('splits a secret URI with or without its version', () => {
    assert.deepEqual(parseKeyVaultSecretUri('https://myvault.vault.azure.net/secrets/db-password'), {
      vaultUrl: 'https://myvault.vault.azure.net',
      name: 'db-password',
    });
    assert.deepEqual(
      parseKeyVaultSecretUri('https://myvault.vault.azure.net/secrets/db-password/4387e9f3d6e14c459867679a90fd0f79'),
      {
        vaultUrl: 'https://myvault.vault.azure.net',
        name: 'db-password',
        version: '4387e9f3d6e14c459867679a90fd0f79',
      },
    );
  });

  it('refuses hosts that are not Key Vault, so no Entra token goes anywhere else', () => {
    for (const reference of [
      'https://attacker.example/secrets/db-password',
      'https://myvault.vault.azure.net.attacker.example/secrets/x',
      'http://myvault.vault.azure.net/secrets/x',
      'https://myvault.vault.azure.net/keys/x',
      'not a url',
    ]) {
      assert.throws(() => parseKeyVaultSecretUri(reference), { code: 'InvalidRequest' }, reference);
    }
  });
});
