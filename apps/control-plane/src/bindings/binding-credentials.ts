import { Injectable } from '@nestjs/common';
import type { BindingCredential } from '@fleetplane/bindings';
import { ServiceInstanceEntity } from '@fleetplane/persistence';
import { ManagedServices, ProviderError, SecretReading } from '@fleetplane/providers';
import { SecretStore } from '@fleetplane/security';
import { DataSource } from 'typeorm';
import { cloudProblem } from './bindings.errors';
import { ServiceInstancesService } from './service-instances.service';

const SECRET_READ_TIMEOUT_MS = 15_000;

/** A credential's values as read now, with the version they are of. Held in memory only for one render. */
export interface CredentialValues {
  fields: Record<string, string>;
  version: string;
}

/** Stored credential values by secret id. */
export type StoredValues = ReadonlyMap<string, Record<string, string>>;

/**
 * The one reader of binding credential values: stored ones from the secret store, references from the
 * cloud's secret store through the instance's adapter and account credential, and a `secret`-class
 * instance's own value. Values are returned to the caller and go nowhere else.
 */
@Injectable()
export class BindingCredentials {
  constructor(
    private readonly dataSource: DataSource,
    private readonly secrets: SecretStore,
    private readonly managed: ManagedServices,
    private readonly instances: ServiceInstancesService,
  ) {}

  /** The values of every stored credential among `credentials`, by secret id, in one query. */
  async readStored(credentials: readonly BindingCredential[]): Promise<StoredValues> {
    const ids = credentials.flatMap((credential) => (credential.type === 'stored' ? [credential.secretId] : []));
    return this.secrets.getMany<Record<string, string>>([...new Set(ids)]);
  }

  /** `stored`: values already read by {@link readStored}, so a render reads its stored credentials once. */
  async read(
    credential: BindingCredential,
    instance: ServiceInstanceEntity,
    field = 'credential',
    stored?: StoredValues,
  ): Promise<CredentialValues> {
    switch (credential.type) {
      case 'stored':
        return {
          fields:
            stored?.get(credential.secretId) ??
            (await this.secrets.get<Record<string, string>>(this.dataSource.manager, credential.secretId)),
          version: String(credential.version),
        };
      case 'cloud-secret':
        return this.readCloudSecret(credential.reference, instance, `${field}.reference`);
      case 'none':
        // A secret-class instance is the secret: its value is what the binding projects.
        return instance.serviceClass === 'secret'
          ? this.readCloudSecret(instance.nativeId, instance, 'instance')
          : { fields: {}, version: '' };
    }
  }

  /** Reads a secret of the instance's cloud; a missing one is a 422 naming `field`. */
  async readCloudSecret(reference: string, instance: ServiceInstanceEntity, field: string): Promise<SecretReading> {
    const credential = await this.instances.accountCredential(instance);
    try {
      return await this.managed
        .get(instance.cloud)
        .readSecret(reference, credential, { signal: AbortSignal.timeout(SECRET_READ_TIMEOUT_MS) });
    } catch (error) {
      throw error instanceof ProviderError ? cloudProblem(error, field) : error;
    }
  }
}
