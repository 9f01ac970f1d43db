import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * Every secret the control plane keeps (cloud credentials, kubeconfigs, binding secrets) lives here,
 * AES-256-GCM encrypted, so that re-encrypting under a new key is one sweep over one table.
 */
@Entity({ name: 'encrypted_secrets' })
@Index('idx_encrypted_secrets_key', ['keyId'])
@Index('idx_encrypted_secrets_owner', ['ownerType', 'ownerId'])
export class EncryptedSecretEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'key_id', type: 'varchar', length: 32 })
  keyId: string;

  /** nonce (12 bytes) | GCM tag (16 bytes) | ciphertext; the row id is the additional authenticated data. */
  @Column({ type: 'bytea' })
  sealed: Buffer;

  @Column({ name: 'owner_type', type: 'varchar', length: 60 })
  ownerType: string;

  @Column({ name: 'owner_id', type: 'varchar', length: 255 })
  ownerId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
