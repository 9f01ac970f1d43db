import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { EnvironmentEntity } from './environment.entity';
import type { PromotionState } from '@fleetplane/promotion';
import type { StoredGateResult, StoredOverride, StoredStageGates } from './promotion-shapes';

/**
 * Releases moving from one environment to another as one unit: a persisted state machine driven like a
 * deployment (a replica drives it only while it holds the row's lease), its gate results kept with their
 * evidence. Its items are the applications it moves.
 */
@Entity({ name: 'promotions' })
@Index('idx_promotions_team_created', ['team', 'createdAt', 'id'])
@Index('idx_promotions_claimable', ['state', 'parked', 'leaseExpiresAt'])
@Index('idx_promotions_to_environment', ['toEnvironmentId', 'createdAt'])
export class PromotionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 63 })
  team: string;

  @Column({ name: 'from_environment_id', type: 'uuid' })
  fromEnvironmentId: string;

  @ManyToOne(() => EnvironmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'from_environment_id', foreignKeyConstraintName: 'fk_promotions_from_environment' })
  fromEnvironment?: EnvironmentEntity;

  @Column({ name: 'to_environment_id', type: 'uuid' })
  toEnvironmentId: string;

  @ManyToOne(() => EnvironmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'to_environment_id', foreignKeyConstraintName: 'fk_promotions_to_environment' })
  toEnvironment?: EnvironmentEntity;

  @Column({ type: 'varchar', length: 20 })
  state: PromotionState;

  /** Why it is in its state: what it waits for, or the real error that ended it. */
  @Column({ type: 'text', default: '' })
  reason: string;

  /** `token:<id>`, or `system` for an automatic promotion. */
  @Column({ name: 'requested_by', type: 'varchar', length: 120 })
  requestedBy: string;

  /** The gates of the target stage, as they were when the promotion was requested. */
  @Column({ type: 'jsonb' })
  gates: StoredStageGates;

  /** An admin promoting a release that never became healthy in the source environment. */
  @Column({ type: 'jsonb', nullable: true })
  force: StoredOverride | null;

  /** An admin promoting into a frozen environment. */
  @Column({ name: 'freeze_override', type: 'jsonb', nullable: true })
  freezeOverride: StoredOverride | null;

  @Column({ name: 'gate_results', type: 'jsonb', default: () => "'[]'" })
  gateResults: StoredGateResult[];

  /** Bumped by each request to re-run verification: the driver restarts the checks when it changes. */
  @Column({ name: 'verification_round', type: 'int', default: 0 })
  verificationRound: number;

  /** Waiting on people (approvals): no replica needs to hold it until one acts or it expires. */
  @Column({ type: 'boolean', default: false })
  parked: boolean;

  @Column({ name: 'lease_holder', type: 'varchar', length: 100, nullable: true })
  leaseHolder: string | null;

  @Column({ name: 'lease_expires_at', type: 'timestamptz', nullable: true })
  leaseExpiresAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
