import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ClusterCandidate, TargetState } from '@fleetplane/fanout';
import type { AppliedObject, DriftedField, Readiness } from '@fleetplane/kube';
import { DeploymentEntity } from './deployment.entity';

/** One object's readiness as the rollout last read it: state, reason and the Kubernetes condition message. */
export type StoredReadiness = Readiness & { kind: string; namespace?: string; name: string };

/** One object that differs from what was applied, at a drift check: gone, or with these fields changed. */
export type StoredDrift = { kind: string; namespace?: string; name: string; missing: boolean; fields: DriftedField[] };

/** One binding as a target's objects were applied with it: the revision and the credential version they carried. */
export type AppliedBinding = { name: string; bindingId: string; revision: number; credentialVersion: string };

/** One cluster of a deployment: its own state, attempts, last error, and what was applied to it. */
@Entity({ name: 'deployment_targets' })
@Index('uq_deployment_targets_cluster', ['deploymentId', 'clusterId'], { unique: true })
export class DeploymentTargetEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'deployment_id', type: 'uuid' })
  deploymentId: string;

  @ManyToOne(() => DeploymentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'deployment_id', foreignKeyConstraintName: 'fk_deployment_targets_deployment' })
  deployment?: DeploymentEntity;

  /** Kept without a foreign key: the history of a deployment outlives a deregistered cluster. */
  @Column({ name: 'cluster_id', type: 'uuid' })
  clusterId: string;

  @Column({ name: 'cluster_name', type: 'varchar', length: 63 })
  clusterName: string;

  /** The cluster as placement saw it (cloud, region, labels, replicas share): rendering stays stable across restarts. */
  @Column({ type: 'jsonb' })
  candidate: ClusterCandidate;

  @Column({ type: 'int' })
  wave: number;

  /**
   * The release this cluster last ran successfully when the deployment was created (what a rollback of
   * this target restores); null when it ran none of the application.
   */
  @Column({ name: 'previous_release_id', type: 'uuid', nullable: true })
  previousReleaseId: string | null;

  @Column({ type: 'varchar', length: 20 })
  state: TargetState;

  @Column({ name: 'state_since', type: 'timestamptz', default: () => 'now()' })
  stateSince: Date;

  /** When the latest attempt started applying (a retry of a failed cluster starts a new one). */
  @Column({ name: 'applying_at', type: 'timestamptz', nullable: true })
  applyingAt: Date | null;

  /** When the latest attempt's objects were applied and the wait for their readiness began. */
  @Column({ name: 'waiting_ready_at', type: 'timestamptz', nullable: true })
  waitingReadyAt: Date | null;

  /** When the target last settled: Ready, Failed, Skipped, RolledBack or RollbackFailed. */
  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'text', default: '' })
  lastError: string;

  /** Per object: reference, uid and the generation the apply produced (readiness is judged against it). */
  @Column({ name: 'applied_objects', type: 'jsonb', default: () => "'[]'" })
  appliedObjects: AppliedObject[];

  /**
   * The bindings the objects were applied with, written with the move to WaitingReady; null before the
   * apply (and for targets applied before this was recorded).
   */
  @Column({ name: 'applied_bindings', type: 'jsonb', nullable: true })
  appliedBindings: AppliedBinding[] | null;

  /** Per object readiness as last seen: state, reason and the Kubernetes condition message. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  readiness: StoredReadiness[];

  /** Fields that differ from what was applied, at the last drift check. */
  @Column({ type: 'jsonb', nullable: true })
  drift: StoredDrift[] | null;

  @Column({ name: 'drift_checked_at', type: 'timestamptz', nullable: true })
  driftCheckedAt: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
