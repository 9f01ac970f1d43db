import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from './api-token.entity';
import { TeamEntity } from './team.entity';

/**
 * A person signed in through single sign-on, with the team and role their groups granted at sign-in.
 * Born with a single-use handoff code and no token; redeeming the code sets the token's hash. Only hashes
 * are kept, never the code or the token.
 */
@Entity({ name: 'sso_sessions' })
@Index('idx_sso_sessions_team_created', ['teamName', 'createdAt', 'id'])
@Index('idx_sso_sessions_actor_created', ['actor', 'createdAt', 'id'])
export class SsoSessionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('uq_sso_sessions_token_hash', { unique: true })
  @Column({ name: 'token_hash', type: 'char', length: 64, nullable: true })
  tokenHash: string | null;

  @Index('uq_sso_sessions_handoff_hash', { unique: true })
  @Column({ name: 'handoff_hash', type: 'char', length: 64, nullable: true })
  handoffHash: string | null;

  @Column({ name: 'handoff_expires_at', type: 'timestamptz', nullable: true })
  handoffExpiresAt: Date | null;

  /** The sign-in's S256 challenge: the handoff code is redeemed only with its verifier. */
  @Column({ name: 'handoff_challenge', type: 'varchar', length: 64 })
  handoffChallenge: string;

  /** The provider's `sub`: stable for the person at that provider. */
  @Column({ type: 'varchar', length: 255 })
  subject: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  name: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  /** `user:<email or subject>`, as the audit log names the person. */
  @Column({ type: 'varchar', length: 100 })
  actor: string;

  @Column({ name: 'team_name', type: 'varchar', length: 63 })
  teamName: string;

  @ManyToOne(() => TeamEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'team_name', foreignKeyConstraintName: 'fk_sso_sessions_team' })
  team?: TeamEntity;

  @Column({ type: 'varchar', length: 16 })
  role: Role;

  /** The groups the provider asserted at sign-in, as evidence for the grant. */
  @Column({ type: 'jsonb' })
  groups: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;
}
