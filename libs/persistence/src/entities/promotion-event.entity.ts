import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { EnvironmentEntity } from './environment.entity';
import { PromotionEntity } from './promotion.entity';
import type { PromotionState } from '@fleetplane/promotion';
import type { StoredGateResult } from './promotion-shapes';

/**
 * What happened to a promotion, or to the releases of an environment: `requested`, `moved` (a state move),
 * `gates` (gate results changed without a move), `approved`, `declined`, `pinned` (a manual rollback),
 * `unpinned`.
 */
export const PROMOTION_EVENT_KINDS = [
  'requested',
  'moved',
  'gates',
  'approved',
  'declined',
  'pinned',
  'unpinned',
] as const;
export type PromotionEventKind = (typeof PROMOTION_EVENT_KINDS)[number];

/**
 * Every step of a promotion and every pin of an environment, in order, each written in the transaction of
 * the change it records: the source of a promotion's live stream and of an environment's timeline.
 */
@Entity({ name: 'promotion_events' })
@Index('idx_promotion_events_promotion', ['promotionId', 'id'])
@Index('idx_promotion_events_environment', ['environmentId', 'at', 'id'])
export class PromotionEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'pk_promotion_events' })
  id: string;

  /** Null for a pin or an unpin, which no promotion made. */
  @Column({ name: 'promotion_id', type: 'uuid', nullable: true })
  promotionId: string | null;

  @ManyToOne(() => PromotionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'promotion_id', foreignKeyConstraintName: 'fk_promotion_events_promotion' })
  promotion?: PromotionEntity;

  /** The environment the promotion moves releases into, or the one pinned. */
  @Column({ name: 'environment_id', type: 'uuid' })
  environmentId: string;

  @ManyToOne(() => EnvironmentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'environment_id', foreignKeyConstraintName: 'fk_promotion_events_environment' })
  environment?: EnvironmentEntity;

  /** The application pinned or unpinned; a promotion's applications are its items. */
  @Column({ name: 'application_id', type: 'uuid', nullable: true })
  applicationId: string | null;

  /** The release a pin holds the application at; null for every other event. */
  @Column({ name: 'release_id', type: 'uuid', nullable: true })
  releaseId: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  @Column({ type: 'varchar', length: 20 })
  kind: PromotionEventKind;

  /** The promotion's state after the event; null for a pin or an unpin. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  state: PromotionState | null;

  /** `token:<id>`, or `system` for the driver. */
  @Column({ type: 'varchar', length: 120 })
  actor: string;

  @Column({ type: 'text', default: '' })
  message: string;

  @Column({ name: 'gate_results', type: 'jsonb', nullable: true })
  gateResults: StoredGateResult[] | null;
}
