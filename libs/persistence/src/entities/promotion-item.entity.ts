import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ApplicationEntity } from './application.entity';
import { PromotionEntity } from './promotion.entity';
import { ReleaseEntity } from './release.entity';

/** One application a promotion moves: its release, what ran in the target before, and the deployment it made. */
@Entity({ name: 'promotion_items' })
@Index('uq_promotion_items_application', ['promotionId', 'applicationId'], { unique: true })
@Index('idx_promotion_items_deployment', ['deploymentId'])
export class PromotionItemEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'promotion_id', type: 'uuid' })
  promotionId: string;

  @ManyToOne(() => PromotionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'promotion_id', foreignKeyConstraintName: 'fk_promotion_items_promotion' })
  promotion?: PromotionEntity;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId: string;

  @ManyToOne(() => ApplicationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'application_id', foreignKeyConstraintName: 'fk_promotion_items_application' })
  application?: ApplicationEntity;

  @Column({ name: 'release_id', type: 'uuid' })
  releaseId: string;

  @ManyToOne(() => ReleaseEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'release_id', foreignKeyConstraintName: 'fk_promotion_items_release' })
  release?: ReleaseEntity;

  /** The release the target environment ran before (restored when verification fails); null for a first one. */
  @Column({ name: 'previous_release_id', type: 'uuid', nullable: true })
  previousReleaseId: string | null;

  /** Set in the same transaction that creates the deployment, so a resumed promotion never deploys twice. */
  @Column({ name: 'deployment_id', type: 'uuid', nullable: true })
  deploymentId: string | null;
}
