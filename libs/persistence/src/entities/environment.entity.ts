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
import type { PlacementSpec, RolloutStrategy } from '@fleetplane/fanout';
import type { StoredFreezeWindow } from './promotion-shapes';
import { TeamEntity } from './team.entity';

/**
 * A team's named stage of delivery (dev, staging, prod): where its releases go (a placement among the
 * clusters whose `environment` is `bindingsEnvironment`), how (a default strategy) and when not (freezes).
 */
@Entity({ name: 'environments' })
@Index('uq_environments_team_name', ['team', 'name'], { unique: true })
@Index('idx_environments_team_created', ['team', 'createdAt', 'id'])
export class EnvironmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 63 })
  team: string;

  @ManyToOne(() => TeamEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'team', foreignKeyConstraintName: 'fk_environments_team' })
  teamRow?: TeamEntity;

  @Column({ type: 'varchar', length: 63 })
  name: string;

  @Column({ type: 'jsonb' })
  placement: PlacementSpec;

  @Column({ type: 'jsonb' })
  strategy: RolloutStrategy;

  @Column({ name: 'freeze_windows', type: 'jsonb', default: () => "'[]'" })
  freezeWindows: StoredFreezeWindow[];

  /** The cluster `environment` value this environment's clusters carry, and resolve bindings under. */
  @Column({ name: 'bindings_environment', type: 'varchar', length: 63 })
  bindingsEnvironment: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
