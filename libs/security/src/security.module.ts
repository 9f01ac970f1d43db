import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { EncryptionConfig, IpNetwork } from '@fleetplane/config';
import { join } from 'node:path';
import { AuditLog } from './audit-log';
import { AuthGuard } from './auth.guard';
import { ClusterAddressPolicy, ownInterfaceAddresses } from './cluster-address-policy';
import { Keyring, loadActiveKey } from './keyring';
import { SecretStore } from './secret-store';
import { TokenAuthenticator } from './token-authenticator';

export interface SecurityOptions {
  encryption: EncryptionConfig;
  dataDir: string;
  /** Where clusters may be although the address policy would refuse it (`FLEETPLANE_ALLOWED_CLUSTER_NETWORKS`). */
  allowedClusterNetworks: IpNetwork[];
}

@Global()
@Module({})
export class SecurityModule {
  static forRoot(options: SecurityOptions): DynamicModule {
    return {
      module: SecurityModule,
      providers: [
        {
          provide: Keyring,
          useFactory: async () =>
            new Keyring(
              await loadActiveKey(options.encryption.activeKey, join(options.dataDir, 'encryption.key')),
              options.encryption.previousKeys.map((key) => Buffer.from(key, 'base64')),
            ),
        },
        SecretStore,
        AuditLog,
        TokenAuthenticator,
        {
          provide: ClusterAddressPolicy,
          useFactory: () => new ClusterAddressPolicy(options.allowedClusterNetworks, ownInterfaceAddresses()),
        },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [Keyring, SecretStore, AuditLog, TokenAuthenticator, ClusterAddressPolicy],
    };
  }
}
