import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ClusterEntity, type ClusterHealthState } from './cluster.entity';

/** Each change of a cluster's derived health, kept so operators (and runbooks) can see when and why. */
@Entity({ name: 'cluster_health_transitions' })
@Index('idx_cluster_health_transitions_cluster_at', ['clusterId', 'at', 'id'])
export class ClusterHealthTransitionEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'cluster_id', type: 'uuid' })
  clusterId: string;

  @ManyToOne(() => ClusterEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'cluster_id', foreignKeyConstraintName: 'fk_cluster_health_transitions_cluster' })
  cluster?: ClusterEntity;

  @Column({ type: 'varchar', length: 16 })
  from: ClusterHealthState;

  @Column({ type: 'varchar', length: 16 })
  to: ClusterHealthState;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;
}
