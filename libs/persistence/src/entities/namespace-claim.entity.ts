import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ApplicationEntity } from './application.entity';

/**
 * An application's claim on a namespace: on every cluster (`clusterId` null) or on one. Only an
 * application that claims a namespace deploys into it; a namespace another team's application claims
 * is out of bounds for everyone else. `team` is the application's, kept here so the checks read claims
 * alone.
 */
@Entity({ name: 'namespace_claims' })
@Index('uq_namespace_claims_fleet_wide', ['namespace', 'applicationId'], {
  unique: true,
  where: '"cluster_id" IS NULL',
})
@Index('uq_namespace_claims_cluster', ['namespace', 'clusterId', 'applicationId'], {
  unique: true,
  where: '"cluster_id" IS NOT NULL',
})
@Index('idx_namespace_claims_application', ['applicationId'])
@Index('idx_namespace_claims_team_created', ['team', 'createdAt', 'id'])
export class NamespaceClaimEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 63 })
  namespace: string;

  /** Kept without a foreign key, like deployment targets; null: the claim holds on every cluster. */
  @Column({ name: 'cluster_id', type: 'uuid', nullable: true })
  clusterId: string | null;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId: string;

  @ManyToOne(() => ApplicationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'application_id', foreignKeyConstraintName: 'fk_namespace_claims_application' })
  application?: ApplicationEntity;

  @Column({ type: 'varchar', length: 63 })
  team: string;

  /** `token:<id>` of who granted it. */
  @Column({ name: 'granted_by', type: 'varchar', length: 100 })
  grantedBy: string;

  /** The granting token's team: a grant by the team that held the namespace is its consent to share it. */
  @Column({ name: 'granted_by_team', type: 'varchar', length: 63 })
  grantedByTeam: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
