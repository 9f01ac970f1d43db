import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  CreateDateColumn,
  VersionColumn,
} from 'typeorm';
import type { ServiceClassName, ServiceCloud, ServiceState } from '@fleetplane/providers';
import { EncryptedSecretEntity } from './encrypted-secret.entity';
import { TeamEntity } from './team.entity';

/**
 * One concrete managed service (a database, cache, bucket, queue or secret) a team registered by its
 * native id. What the cloud said is copied here at registration and each refresh; the cloud account
 * credential it is read with is in `encrypted_secrets`, or `ambient` (the control plane's own identity,
 * for platform admins only). Fleetplane never creates or deletes the resource itself.
 */
@Entity({ name: 'service_instances' })
@Check('ck_service_instances_credential', '"ambient" OR "credential_secret_id" IS NOT NULL')
@Index('uq_service_instances_team_native_id', ['team', 'nativeId'], { unique: true })
@Index('uq_service_instances_team_name', ['team', 'name'], { unique: true })
@Index('idx_service_instances_team_created', ['team', 'createdAt', 'id'])
export class ServiceInstanceEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 63 })
  team: string;

  @ManyToOne(() => TeamEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'team', foreignKeyConstraintName: 'fk_service_instances_team' })
  teamRow?: TeamEntity;

  /** The team's name for it (unique per team); the cloud's own short name by default. */
  @Column({ type: 'varchar', length: 63 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  cloud: ServiceCloud;

  @Column({ name: 'native_id', type: 'text' })
  nativeId: string;

  @Column({ type: 'varchar', length: 64 })
  product: string;

  @Column({ name: 'service_class', type: 'varchar', length: 32 })
  serviceClass: ServiceClassName;

  @Column({ type: 'varchar', length: 64 })
  region: string;

  @Column({ name: 'endpoint_host', type: 'text', nullable: true })
  endpointHost: string | null;

  @Column({ name: 'endpoint_port', type: 'int', nullable: true })
  endpointPort: number | null;

  @Column({ type: 'text', nullable: true })
  uri: string | null;

  @Column({ type: 'text', nullable: true })
  engine: string | null;

  @Column({ type: 'varchar', length: 16 })
  state: ServiceState;

  @Column({ name: 'cloud_state', type: 'varchar', length: 64, default: '' })
  cloudState: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  tags: ServiceTags;

  /** The registered instance this one replicates, when the cloud reports the relation and both are registered. */
  @Column({ name: 'replica_of_id', type: 'uuid', nullable: true })
  replicaOfId: string | null;

  @ManyToOne(() => ServiceInstanceEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'replica_of_id', foreignKeyConstraintName: 'fk_service_instances_replica_of' })
  replicaOf?: ServiceInstanceEntity;

  /** The replica source's native id as the cloud reported it, registered here or not. */
  @Column({ name: 'replica_of_native_id', type: 'text', nullable: true })
  replicaOfNativeId: string | null;

  /** Null when `ambient`. */
  @Column({ name: 'credential_secret_id', type: 'uuid', nullable: true })
  credentialSecretId: string | null;

  @ManyToOne(() => EncryptedSecretEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'credential_secret_id', foreignKeyConstraintName: 'fk_service_instances_credential' })
  credential?: EncryptedSecretEntity;

  /** Read with the control plane's own cloud identity instead of a stored credential. */
  @Column({ type: 'boolean', default: false })
  ambient: boolean;

  @Column({ name: 'registered_by', type: 'varchar', length: 100 })
  registeredBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** When the cloud last described it. */
  @Column({ name: 'refreshed_at', type: 'timestamptz' })
  refreshedAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}

/** The cloud's tags (AWS tags, GCP labels, Azure tags) as key to value. */
export type ServiceTags = Record<string, string>;
