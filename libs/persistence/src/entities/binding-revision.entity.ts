import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { BindingSnapshot } from '@fleetplane/bindings';

export const BINDING_CHANGES = ['created', 'updated', 'endpoint-changed', 'credential-rotated', 'deleted'] as const;
export type BindingChange = (typeof BINDING_CHANGES)[number];

/**
 * Append-only history of every binding revision: what changed, who changed it, and the binding as it
 * then was (no secret value). Kept after the binding is deleted, so `binding_id` has no foreign key.
 */
@Entity({ name: 'binding_revisions' })
@Index('uq_binding_revisions_revision', ['bindingId', 'revision'], { unique: true })
@Index('idx_binding_revisions_application', ['applicationId', 'name', 'createdAt'])
export class BindingRevisionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'binding_id', type: 'uuid' })
  bindingId: string;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId: string;

  @Column({ type: 'varchar', length: 63 })
  name: string;

  @Column({ type: 'int' })
  revision: number;

  @Column({ type: 'varchar', length: 32 })
  change: BindingChange;

  @Column({ type: 'jsonb' })
  snapshot: BindingSnapshot;

  @Column({ type: 'varchar', length: 100 })
  actor: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
