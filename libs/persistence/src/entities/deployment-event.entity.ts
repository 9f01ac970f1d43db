import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Every state change of a deployment or one of its clusters, in order: the source of the live stream. */
@Entity({ name: 'deployment_events' })
@Index('idx_deployment_events_deployment', ['deploymentId', 'id'])
export class DeploymentEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'deployment_id', type: 'uuid' })
  deploymentId: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  /** `deployment` or a cluster name. */
  @Column({ type: 'varchar', length: 63 })
  subject: string;

  @Column({ type: 'varchar', length: 20 })
  state: string;

  @Column({ type: 'text', default: '' })
  message: string;
}
