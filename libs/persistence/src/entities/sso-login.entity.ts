import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A sign-in sent to the identity provider and not back yet: what the callback must check (state, nonce)
 * and prove (the PKCE verifier). Single use (the callback deletes it) and short-lived.
 */
@Entity({ name: 'sso_logins' })
export class SsoLoginEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** SHA-256 of the `state` parameter, which travels in URLs. */
  @Index('uq_sso_logins_state', { unique: true })
  @Column({ name: 'state_hash', type: 'char', length: 64 })
  stateHash: string;

  @Column({ type: 'varchar', length: 128 })
  nonce: string;

  /** Proves to the provider that whoever redeems the code started this sign-in; gone once the callback ran. */
  @Column({ name: 'code_verifier', type: 'varchar', length: 128 })
  codeVerifier: string;

  /** For `fleetplane login --sso`: the loopback port the CLI listens on for the handoff code. */
  @Column({ name: 'cli_port', type: 'integer', nullable: true })
  cliPort: number | null;

  /**
   * S256 of a verifier only the client that started the sign-in knows (the console's tab, the CLI), which
   * redeeming the handoff code requires: a code carried to anyone else, or planted in someone else's
   * browser, redeems nothing.
   */
  @Column({ name: 'handoff_challenge', type: 'varchar', length: 64 })
  handoffChallenge: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Index('idx_sso_logins_expires')
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;
}
