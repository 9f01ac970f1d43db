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
import { TeamEntity } from './team.entity';

/** What a team ships: releases of it fan out to clusters. */
@Entity({ name: 'applications' })
@Index('uq_applications_name', ['name'], { unique: true })
@Index('idx_applications_team_created', ['team', 'createdAt', 'id'])
export class ApplicationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 53 })
  name: string;

  @Column({ type: 'varchar', length: 63 })
  team: string;

  @ManyToOne(() => TeamEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'team', foreignKeyConstraintName: 'fk_applications_team' })
  teamRow?: TeamEntity;

  @Column({ name: 'default_namespace', type: 'varchar', length: 63 })
  defaultNamespace: string;

  /** Re-apply what drifted when the drift check finds it, instead of only reporting it. */
  @Column({ name: 'auto_reconcile', type: 'boolean', default: false })
  autoReconcile: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
