import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { EncryptionConfig } from '@fleetplane/config';
import { join } from 'node:path';
import { AuditLog } from './audit-log';
import { AuthGuard } from './auth.guard';
import { Keyring, loadActiveKey } from './keyring';
import { SecretStore } from './secret-store';
import { TokenAuthenticator } from './token-authenticator';

export interface SecurityOptions {
  encryption: EncryptionConfig;
  dataDir: string;
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
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [Keyring, SecretStore, AuditLog, TokenAuthenticator],
    };
  }
}
