import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import type { ClusterRef } from '@fleetplane/providers';
import { EncryptedSecretEntity } from './encrypted-secret.entity';
import { TeamEntity } from './team.entity';

export const CLUSTER_HEALTH_STATES = ['Unknown', 'Healthy', 'Degraded', 'Unreachable', 'CredentialError'] as const;
export type ClusterHealthState = (typeof CLUSTER_HEALTH_STATES)[number];

/**
 * A registered cluster. `ref` is where the cloud knows it (provider-specific coordinates); the
 * credential is in `encrypted_secrets`, referenced by id, never in this row.
 */
@Entity({ name: 'clusters' })
@Index('uq_clusters_name', ['name'], { unique: true })
@Index('uq_clusters_cloud_identity', ['cloudIdentity'], { unique: true })
@Index('idx_clusters_team_created', ['team', 'createdAt', 'id'])
@Index('idx_clusters_created', ['createdAt', 'id'])
// A GIN index on `labels` for label selectors, which TypeORM cannot describe: the migration owns it.
@Index('idx_clusters_labels', { synchronize: false })
@Index('idx_clusters_provider_region', ['provider', 'region'])
export class ClusterEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 63 })
  name: string;

  @Column({ type: 'varchar', length: 63 })
  team: string;

  @ManyToOne(() => TeamEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'team', foreignKeyConstraintName: 'fk_clusters_team' })
  teamRow?: TeamEntity;

  @Column({ type: 'varchar', length: 16 })
  provider: string;

  /** aws, gcp, azure, or what a kubeconfig/sandbox cluster was labelled with. */
  @Column({ type: 'varchar', length: 32 })
  cloud: string;

  @Column({ type: 'varchar', length: 64 })
  region: string;

  /** Never empty: `default` when registered without one (see environmentOf). */
  @Column({ type: 'varchar', length: 63, default: 'default' })
  environment: string;

  @Column({ type: 'jsonb' })
  ref: ClusterRef;

  /** The cluster's id in its cloud, normalised (`CloudProvider.cloudIdentity`): one registration per cluster. */
  @Column({ name: 'cloud_identity', type: 'text', nullable: true })
  cloudIdentity: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  labels: Record<string, string>;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  annotations: Record<string, string>;

  @Column({ name: 'credential_secret_id', type: 'uuid' })
  credentialSecretId: string;

  @ManyToOne(() => EncryptedSecretEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'credential_secret_id', foreignKeyConstraintName: 'fk_clusters_credential' })
  credential?: EncryptedSecretEntity;

  /** The last description the cloud gave (endpoint, version, node pools, tags), refreshed by the prober. */
  @Column({ name: 'cloud_description', type: 'jsonb', nullable: true })
  cloudDescription: Record<string, unknown> | null;

  @Column({ type: 'boolean', default: false })
  cordoned: boolean;

  @Column({ type: 'varchar', length: 16, default: 'Unknown' })
  health: ClusterHealthState;

  @Column({ name: 'health_reason', type: 'text', default: '' })
  healthReason: string;

  @Column({ name: 'health_changed_at', type: 'timestamptz', nullable: true })
  healthChangedAt: Date | null;

  @Column({ name: 'last_probe_at', type: 'timestamptz', nullable: true })
  lastProbeAt: Date | null;

  @Column({ name: 'last_probe_latency_ms', type: 'int', nullable: true })
  lastProbeLatencyMs: number | null;

  /** What the schedulable nodes can allocate, as the prober last read it; weights replicas by capacity. */
  @Column({ type: 'jsonb', nullable: true })
  capacity: NodeCapacity | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}

export interface NodeCapacity {
  cpuMillicores: number;
  memoryBytes: number;
  nodes: number;
  observedAt: string;
}
