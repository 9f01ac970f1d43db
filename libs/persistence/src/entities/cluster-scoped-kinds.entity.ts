import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { TeamEntity } from './team.entity';

/**
 * The cluster-scoped kinds (Namespace, ClusterRoleBinding, CRDs, webhooks, ...) one team's releases may
 * carry, each `group/Kind` (`Kind` for the core group). Only platform admins change it; a team without
 * a row may use none (the platform team may use every one).
 */
@Entity({ name: 'cluster_scoped_kinds' })
export class ClusterScopedKindsEntity {
  @PrimaryColumn({ type: 'varchar', length: 63 })
  team: string;

  @ManyToOne(() => TeamEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'team', foreignKeyConstraintName: 'fk_cluster_scoped_kinds_team' })
  teamRow?: TeamEntity;

  @Column({ name: 'allowed_kinds', type: 'jsonb', default: () => "'[]'" })
  allowedKinds: string[];

  /** `token:<id>` of the platform admin who last changed it. */
  @Column({ name: 'updated_by', type: 'varchar', length: 100 })
  updatedBy: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
