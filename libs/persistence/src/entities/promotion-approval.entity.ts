import type { ApprovalDecision, TeamRole } from '@fleetplane/promotion';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { PromotionEntity } from './promotion.entity';

/** One person's decision on a promotion; a later decision of the same person supersedes an earlier one. */
@Entity({ name: 'promotion_approvals' })
@Index('idx_promotion_approvals_promotion', ['promotionId', 'at'])
export class PromotionApprovalEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'promotion_id', type: 'uuid' })
  promotionId: string;

  @ManyToOne(() => PromotionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'promotion_id', foreignKeyConstraintName: 'fk_promotion_approvals_promotion' })
  promotion?: PromotionEntity;

  /** `token:<id>` of who decided. */
  @Column({ type: 'varchar', length: 120 })
  approver: string;

  @Column({ type: 'varchar', length: 16 })
  role: TeamRole;

  @Column({ type: 'varchar', length: 16 })
  decision: ApprovalDecision['decision'];

  @Column({ type: 'text', default: '' })
  comment: string;

  @CreateDateColumn({ name: 'at', type: 'timestamptz' })
  at: Date;
}
