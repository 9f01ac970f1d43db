import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import type {
  BindingCredential,
  BindingEnvVar,
  BindingRole,
  BindingScope,
  LocalityPolicy,
  WorkloadSelection,
} from '@fleetplane/bindings';
import { ApplicationEntity } from './application.entity';
import { ServiceInstanceEntity } from './service-instance.entity';

/**
 * An application's binding name, for the clusters of one scope, to one service instance. `scopeKey` is the
 * scope in canonical text, so one name has at most one binding per scope. `revision` is bumped on every
 * change (of the binding, its instance's endpoint or its credential), each recorded in `binding_revisions`.
 */
@Entity({ name: 'service_bindings' })
@Index('uq_service_bindings_scope', ['applicationId', 'name', 'scopeKey'], { unique: true })
@Index('idx_service_bindings_instance', ['instanceId'])
@Index('idx_service_bindings_team', ['team'])
export class ServiceBindingEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 63 })
  team: string;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId: string;

  @ManyToOne(() => ApplicationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'application_id', foreignKeyConstraintName: 'fk_service_bindings_application' })
  application?: ApplicationEntity;

  @Column({ type: 'varchar', length: 63 })
  name: string;

  @Column({ type: 'jsonb' })
  scope: BindingScope;

  @Column({ name: 'scope_key', type: 'text' })
  scopeKey: string;

  @Column({ name: 'instance_id', type: 'uuid' })
  instanceId: string;

  @ManyToOne(() => ServiceInstanceEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'instance_id', foreignKeyConstraintName: 'fk_service_bindings_instance' })
  instance?: ServiceInstanceEntity;

  @Column({ type: 'varchar', length: 16 })
  role: BindingRole;

  @Column({ type: 'varchar', length: 16 })
  locality: LocalityPolicy;

  @Column({ type: 'jsonb' })
  credential: BindingCredential;

  @Column({ type: 'jsonb' })
  workloads: WorkloadSelection;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  env: BindingEnvVar[];

  @Column({ type: 'int', default: 1 })
  revision: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
