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
import type {
  DeploymentState,
  ImageRegistryRewrite,
  ObjectOverride,
  PlacedCluster,
  PlacementDecision,
  PlacementSpec,
  RolloutPlan,
  RolloutStrategy,
} from '@fleetplane/fanout';
import { ApplicationEntity } from './application.entity';
import { ReleaseEntity } from './release.entity';

/** What a deployment was asked for, as submitted; the fan-out stages validated every part before it was stored. */
export type StoredSpec = {
  placement: PlacementSpec;
  overrides: ObjectOverride[];
  imageRewrites: ImageRegistryRewrite[];
  strategy: RolloutStrategy;
  /**
   * Seconds a failing pod or an unreachable cluster is given before its target fails; 0: the deadline only.
   * Absent from deployments stored before fail-fast existed, which then get the default.
   */
  failFastSeconds?: number;
  /** Take over live objects this application does not own yet (see OwnershipGate). */
  adopt?: boolean;
};

/** What was resolved at creation: the rollout waves and the placement they were planned from. */
export type StoredPlan = {
  rollout: RolloutPlan;
  replicaMode: PlacementDecision['replicaMode'];
  placed: PlacedCluster[];
};

/**
 * A release going out to clusters: a persisted state machine. A replica drives it only while it holds
 * the row's lease (`leaseHolder` until `leaseExpiresAt`, renewed by heartbeats), so two replicas never
 * drive the same rollout and a crashed replica's rollout is picked up where it stopped.
 */
@Entity({ name: 'deployments' })
@Index('idx_deployments_application_created', ['applicationId', 'createdAt', 'id'])
@Index('idx_deployments_created', ['createdAt', 'id'])
@Index('idx_deployments_claimable', ['state', 'parked', 'leaseExpiresAt'])
export class DeploymentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId: string;

  @ManyToOne(() => ApplicationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'application_id', foreignKeyConstraintName: 'fk_deployments_application' })
  application?: ApplicationEntity;

  @Column({ name: 'release_id', type: 'uuid' })
  releaseId: string;

  @ManyToOne(() => ReleaseEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'release_id', foreignKeyConstraintName: 'fk_deployments_release' })
  release?: ReleaseEntity;

  /** What the targets ran before, restored by a rollback; null when this is the application's first release there. */
  @Column({ name: 'previous_release_id', type: 'uuid', nullable: true })
  previousReleaseId: string | null;

  /** `rollout`, or `rollback` for a deployment that restores an earlier release. */
  @Column({ type: 'varchar', length: 16, default: 'rollout' })
  kind: 'rollout' | 'rollback';

  /** What started it when no person asked for it, e.g. `binding-rotation: orders-db@rev 4`; null otherwise. */
  @Column({ type: 'text', nullable: true })
  cause: string | null;

  /** Placement, overrides, image rewrites and strategy, as submitted (validated). */
  @Column({ type: 'jsonb' })
  spec: StoredSpec;

  /** The rollout plan resolved at creation: waves of cluster ids. */
  @Column({ type: 'jsonb' })
  plan: StoredPlan;

  @Column({ type: 'varchar', length: 20 })
  state: DeploymentState;

  @Column({ type: 'text', default: '' })
  reason: string;

  @Column({ name: 'approved_waves', type: 'jsonb', default: () => "'[]'" })
  approvedWaves: number[];

  @Column({ name: 'cancel_requested', type: 'boolean', default: false })
  cancelRequested: boolean;

  /** Waiting on a person (an approval, a pause): no replica needs to hold it until they act. */
  @Column({ type: 'boolean', default: false })
  parked: boolean;

  @Column({ name: 'lease_holder', type: 'varchar', length: 100, nullable: true })
  leaseHolder: string | null;

  @Column({ name: 'lease_expires_at', type: 'timestamptz', nullable: true })
  leaseExpiresAt: Date | null;

  @Column({ name: 'created_by', type: 'varchar', length: 120 })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
