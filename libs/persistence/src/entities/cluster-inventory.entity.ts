import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { ApplicationEntity } from './application.entity';

/** One object the control plane may have applied to a cluster; the API group and version as applied. */
export interface InventoryEntry {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/**
 * What an application may have left on one cluster: every object an apply was about to send, recorded
 * before it was sent, and narrowed to the release's objects once the cluster runs it. Pruning deletes
 * the difference, so it needs no cluster-wide list (nor the RBAC for one) and misses no kind.
 */
@Entity({ name: 'cluster_inventories' })
export class ClusterInventoryEntity {
  @PrimaryColumn({ name: 'application_id', type: 'uuid' })
  applicationId: string;

  @ManyToOne(() => ApplicationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'application_id', foreignKeyConstraintName: 'fk_cluster_inventories_application' })
  application?: ApplicationEntity;

  /** Kept without a foreign key, like deployment targets; deregistering a cluster deletes its rows. */
  @PrimaryColumn({ name: 'cluster_id', type: 'uuid' })
  clusterId: string;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  objects: InventoryEntry[];

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
