import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A named piece of work one replica holds at a time (the health prober's rounds, a rollout), kept
 * alive by heartbeats; a holder that stops heart-beating loses it when `expiresAt` passes.
 */
@Entity({ name: 'leases' })
export class LeaseEntity {
  @PrimaryColumn({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 100 })
  holder: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;
}
