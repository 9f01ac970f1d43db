import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { ApplicationEntity } from './application.entity';
import { EnvironmentEntity } from './environment.entity';
import { ReleaseEntity } from './release.entity';

/**
 * The release an application runs in an environment, and the promotion that put it there: written in the
 * same transaction as that promotion's outcome. A pinned row (after a manual rollback) is never changed by
 * an automatic promotion until someone unpins it.
 */
@Entity({ name: 'environment_releases' })
@Index('idx_environment_releases_application', ['applicationId'])
export class EnvironmentReleaseEntity {
  @PrimaryColumn({ name: 'environment_id', type: 'uuid' })
  environmentId: string;

  @ManyToOne(() => EnvironmentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'environment_id', foreignKeyConstraintName: 'fk_environment_releases_environment' })
  environment?: EnvironmentEntity;

  @PrimaryColumn({ name: 'application_id', type: 'uuid' })
  applicationId: string;

  @ManyToOne(() => ApplicationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'application_id', foreignKeyConstraintName: 'fk_environment_releases_application' })
  application?: ApplicationEntity;

  @Column({ name: 'release_id', type: 'uuid' })
  releaseId: string;

  @ManyToOne(() => ReleaseEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'release_id', foreignKeyConstraintName: 'fk_environment_releases_release' })
  release?: ReleaseEntity;

  /** The promotion that put the release here; null when a manual rollback did. */
  @Column({ name: 'promotion_id', type: 'uuid', nullable: true })
  promotionId: string | null;

  @Column({ type: 'boolean', default: false })
  pinned: boolean;

  @Column({ name: 'pinned_by', type: 'varchar', length: 120, nullable: true })
  pinnedBy: string | null;

  @Column({ name: 'pin_reason', type: 'text', nullable: true })
  pinReason: string | null;

  @Column({ name: 'pinned_at', type: 'timestamptz', nullable: true })
  pinnedAt: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
