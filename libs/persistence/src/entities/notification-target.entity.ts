import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { EnvironmentEntity } from './environment.entity';

/** The promotion events a notification target may subscribe to. */
export const NOTIFICATION_EVENTS = ['requested', 'awaiting-approval', 'succeeded', 'failed'] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

/**
 * Where an environment's promotion events are sent: a URL, the events it wants, and its signing secret,
 * which lives in the encrypted secret store and is never read back out through the API.
 */
@Entity({ name: 'notification_targets' })
@Index('idx_notification_targets_environment', ['environmentId'])
export class NotificationTargetEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_notification_targets' })
  id: string;

  @Column({ name: 'environment_id', type: 'uuid' })
  environmentId: string;

  @ManyToOne(() => EnvironmentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'environment_id', foreignKeyConstraintName: 'fk_notification_targets_environment' })
  environment?: EnvironmentEntity;

  @Column({ type: 'text' })
  url: string;

  @Column({ type: 'jsonb' })
  events: NotificationEvent[];

  /** The encrypted secret signing each delivery. */
  @Column({ name: 'secret_id', type: 'uuid' })
  secretId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
