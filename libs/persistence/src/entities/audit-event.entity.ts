import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One mutation, as it happened. The table refuses UPDATE and DELETE (see the migration's trigger). */
@Entity({ name: 'audit_events' })
@Index('idx_audit_events_at', ['at', 'id'])
@Index('idx_audit_events_actor_at', ['actor', 'at', 'id'])
@Index('idx_audit_events_team_at', ['team', 'at', 'id'])
@Index('idx_audit_events_resource', ['resourceType', 'resourceId'])
export class AuditEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  /** `token:<id>` for API callers, `system` for the control plane's own work. */
  @Column({ type: 'varchar', length: 120 })
  actor: string;

  @Column({ name: 'actor_team', type: 'varchar', length: 63, nullable: true })
  actorTeam: string | null;

  @Column({ type: 'varchar', length: 80 })
  action: string;

  @Column({ name: 'resource_type', type: 'varchar', length: 60 })
  resourceType: string;

  @Column({ name: 'resource_id', type: 'varchar', length: 255 })
  resourceId: string;

  @Column({ type: 'varchar', length: 63, nullable: true })
  team: string | null;

  @Column({ name: 'request_id', type: 'varchar', length: 128, nullable: true })
  requestId: string | null;

  @Column({ type: 'jsonb', nullable: true })
  before: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  after: Record<string, unknown> | null;
}
