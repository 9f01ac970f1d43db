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
import type { Role } from './api-token.entity';
import { TeamEntity } from './team.entity';

/** One identity-provider group granting its members a role in a team. A group maps to one team at most. */
@Entity({ name: 'sso_group_mappings' })
export class SsoGroupMappingEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The group exactly as the provider's groups claim spells it. */
  @Index('uq_sso_group_mappings_group', { unique: true })
  @Column({ name: 'group_name', type: 'varchar', length: 256 })
  group: string;

  @Column({ name: 'team_name', type: 'varchar', length: 63 })
  teamName: string;

  @ManyToOne(() => TeamEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'team_name', foreignKeyConstraintName: 'fk_sso_group_mappings_team' })
  team?: TeamEntity;

  @Column({ type: 'varchar', length: 16 })
  role: Role;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
