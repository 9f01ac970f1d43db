import { Injectable } from '@nestjs/common';
import { ClusterEntity } from '@fleetplane/persistence';
import { ClusterRef, ProviderCredential } from '@fleetplane/providers';
import { SecretStore } from '@fleetplane/security';
import { DataSource } from 'typeorm';

/** What every provider call about a cluster takes: where its cloud knows it, and the credential to call with. */
export interface RefAndCredential {
  ref: ClusterRef;
  credential: ProviderCredential;
}

/** The one reader of registered clusters' references with their decrypted credentials. */
@Injectable()
export class ClusterCredentials {
  constructor(
    private readonly dataSource: DataSource,
    private readonly secrets: SecretStore,
  ) {}

  async of(cluster: ClusterEntity): Promise<RefAndCredential> {
    const credential = await this.secrets.get<ProviderCredential>(this.dataSource.manager, cluster.credentialSecretId);
    return { ref: cluster.ref, credential };
  }

  /**
   * Many clusters' in one read of the secrets, by cluster id. A cluster whose credential is gone (deregistered
   * since its row was read) is left out.
   */
  async ofEach(clusters: readonly ClusterEntity[]): Promise<Map<string, RefAndCredential>> {
    const credentials = await this.secrets.getMany<ProviderCredential>(clusters.map((c) => c.credentialSecretId));
    const found = new Map<string, RefAndCredential>();
    for (const cluster of clusters) {
      const credential = credentials.get(cluster.credentialSecretId);
      if (credential) found.set(cluster.id, { ref: cluster.ref, credential });
    }
    return found;
  }
}
