import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { DeliveryAttempt, PromotionEvent } from '@fleetplane/promotion';
import { NotificationTargetEntity } from './notification-target.entity';
import { PromotionEntity } from './promotion.entity';

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed';

/**
 * One promotion event owed to one notification target: an outbox row written in the transaction of the
 * move it announces, so nothing acknowledged is lost across a crash, then sent by whichever replica leases
 * it. Sent at least once: a replica that dies mid-send leaves it to another, and receivers drop duplicates
 * by the event id.
 */
@Entity({ name: 'webhook_deliveries' })
@Index('idx_webhook_deliveries_claimable', ['status', 'leaseExpiresAt'])
@Index('idx_webhook_deliveries_promotion', ['promotionId', 'createdAt'])
export class WebhookDeliveryEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_webhook_deliveries' })
  id: string;

  @Column({ name: 'target_id', type: 'uuid' })
  targetId: string;

  @ManyToOne(() => NotificationTargetEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'target_id', foreignKeyConstraintName: 'fk_webhook_deliveries_target' })
  target?: NotificationTargetEntity;

  @Column({ name: 'promotion_id', type: 'uuid' })
  promotionId: string;

  @ManyToOne(() => PromotionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'promotion_id', foreignKeyConstraintName: 'fk_webhook_deliveries_promotion' })
  promotion?: PromotionEntity;

  /** The signed body, exactly as it is sent on every attempt. */
  @Column({ type: 'jsonb' })
  event: PromotionEvent;

  @Column({ type: 'varchar', length: 16 })
  status: WebhookDeliveryStatus;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  attempts: DeliveryAttempt[];

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'lease_holder', type: 'varchar', length: 100, nullable: true })
  leaseHolder: string | null;

  @Column({ name: 'lease_expires_at', type: 'timestamptz', nullable: true })
  leaseExpiresAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
