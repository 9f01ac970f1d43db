import { Injectable } from '@nestjs/common';
import { EncryptedSecretEntity } from '@fleetplane/persistence';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In, Not } from 'typeorm';
import { Keyring } from './keyring';

/** Secrets (credentials, kubeconfigs) encrypted at rest; callers pass their transaction's manager. */
@Injectable()
export class SecretStore {
  constructor(
    private readonly keyring: Keyring,
    private readonly dataSource: DataSource,
  ) {}

  async put(manager: EntityManager, owner: { type: string; id: string }, value: unknown): Promise<string> {
    const id = randomUUID();
    const { keyId, sealed } = this.keyring.seal(Buffer.from(JSON.stringify(value)), id);
    await manager.insert(EncryptedSecretEntity, { id, keyId, sealed, ownerType: owner.type, ownerId: owner.id });
    return id;
  }

  async get<T>(manager: EntityManager, id: string): Promise<T> {
    const row = await manager.findOneByOrFail(EncryptedSecretEntity, { id });
    return JSON.parse(this.keyring.open(row, row.id).toString('utf8')) as T;
  }

  /** Several secrets in one query, by id; ids that no longer exist are absent from the map. */
  async getMany<T>(ids: string[]): Promise<Map<string, T>> {
    if (ids.length === 0) return new Map();
    const rows = await this.dataSource.getRepository(EncryptedSecretEntity).findBy({ id: In(ids) });
    return new Map(rows.map((row) => [row.id, JSON.parse(this.keyring.open(row, row.id).toString('utf8')) as T]));
  }

  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.delete(EncryptedSecretEntity, { id });
  }

  /**
   * Re-encrypts, under the active key, every secret still under an older one. Each batch commits on its
   * own, so an interrupted sweep keeps its progress and can simply be run again.
   */
  async reencryptAll(batchSize = 100): Promise<{ reencrypted: number; activeKeyId: string }> {
    let reencrypted = 0;
    for (;;) {
      const done = await this.dataSource.transaction(async (manager) => {
        const rows = await manager.find(EncryptedSecretEntity, {
          where: { keyId: Not(this.keyring.activeKeyId) },
          take: batchSize,
          lock: { mode: 'pessimistic_write', onLocked: 'skip_locked' },
        });
        for (const row of rows) {
          const { keyId, sealed } = this.keyring.seal(this.keyring.open(row, row.id), row.id);
          await manager.update(EncryptedSecretEntity, { id: row.id }, { keyId, sealed });
        }
        return rows.length;
      });
      reencrypted += done;
      if (done < batchSize) return { reencrypted, activeKeyId: this.keyring.activeKeyId };
    }
  }

  async countByKey(): Promise<Array<{ keyId: string; count: number }>> {
    const rows: Array<{ keyId: string; count: string }> = await this.dataSource
      .getRepository(EncryptedSecretEntity)
      .createQueryBuilder('secret')
      .select('secret.keyId', 'keyId')
      .addSelect('COUNT(*)', 'count')
      .groupBy('secret.keyId')
      .getRawMany();
    return rows.map((row) => ({ keyId: row.keyId, count: Number(row.count) }));
  }
}
