import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Release } from '@fleetplane/fanout';
import { ApplicationEntity } from './application.entity';

/** Immutable: a version's content never changes once stored (its hash proves it). */
@Entity({ name: 'releases' })
@Index('uq_releases_application_version', ['applicationId', 'version'], { unique: true })
@Index('idx_releases_application_created', ['applicationId', 'createdAt', 'id'])
export class ReleaseEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId: string;

  @ManyToOne(() => ApplicationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'application_id', foreignKeyConstraintName: 'fk_releases_application' })
  application?: ApplicationEntity;

  @Column({ type: 'varchar', length: 128 })
  version: string;

  @Column({ name: 'content_hash', type: 'varchar', length: 80 })
  contentHash: string;

  /** The validated objects, in document order. */
  @Column({ type: 'jsonb' })
  objects: Release['objects'];

  @Column({ name: 'image_map', type: 'jsonb', default: () => "'{}'" })
  imageMap: Release['imageMap'];

  @Column({ name: 'created_by', type: 'varchar', length: 120 })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
