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
import { ApplicationEntity } from './application.entity';
import type { StoredPipelineStage } from './promotion-shapes';

/** An application's path through its team's environments: stages, each with its upstreams and gates. */
@Entity({ name: 'pipelines' })
@Index('uq_pipelines_application', ['applicationId'], { unique: true })
export class PipelineEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId: string;

  @ManyToOne(() => ApplicationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'application_id', foreignKeyConstraintName: 'fk_pipelines_application' })
  application?: ApplicationEntity;

  /** Stages in the order given; the graph was checked acyclic, each environment once, every name known. */
  @Column({ type: 'jsonb' })
  stages: StoredPipelineStage[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
