import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { PromotionEntity } from './promotion.entity';

/** One person's decision on a promotion: each approver decides once. */
@Entity({ name: 'promotion_approvals' })
@Index('uq_promotion_approvals_approver', ['promotionId', 'approver'], { unique: true })
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
  role: string;

  @Column({ type: 'varchar', length: 16 })
  decision: 'approved' | 'rejected';

  @Column({ type: 'text', default: '' })
  comment: string;

  @CreateDateColumn({ name: 'at', type: 'timestamptz' })
  at: Date;
}
