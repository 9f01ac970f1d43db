import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { PageOf, PageQuery } from '@fleetplane/http';
import { SsoSessionEntity } from '@fleetplane/persistence';
import { ROLES } from '@fleetplane/security';
import type { Role } from '@fleetplane/security';

export class SessionQuery extends PageQuery {
  @ApiPropertyOptional({ default: false, description: 'Include revoked and expired sessions.' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  includeInactive?: boolean;
}

/** A session as listed: who, with what grant, until when. Never its token or handoff code. */
export class SessionView {
  @ApiProperty({ example: '0d9f6c1e-3b7a-4c55-9d0a-3d6c1a1f2b9e' })
  id: string;

  @ApiProperty({ example: 'user:ada@example.com', description: 'How the audit log names the person.' })
  actor: string;

  @ApiProperty({ example: '248289761001', description: "The provider's subject (sub)." })
  subject: string;

  @ApiProperty({ type: String, nullable: true, example: 'Ada Lovelace' })
  name: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'ada@example.com' })
  email: string | null;

  @ApiProperty({ example: 'payments' })
  team: string;

  @ApiProperty({ enum: ROLES, example: 'operator' })
  role: Role;

  @ApiProperty({ type: [String], example: ['payments-engineers'], description: 'The groups asserted at sign-in.' })
  groups: string[];

  @ApiProperty({ example: '2026-12-03T10:00:00.000Z' })
  createdAt: string;

  @ApiProperty({ example: '2026-12-03T18:00:00.000Z' })
  expiresAt: string;

  @ApiProperty({ type: String, nullable: true, example: null })
  revokedAt: string | null;

  @ApiProperty({ type: String, nullable: true, example: '2026-12-03T10:05:00.000Z', description: 'To the minute.' })
  lastUsedAt: string | null;

  static of(session: SsoSessionEntity): SessionView {
    return {
      id: session.id,
      actor: session.actor,
      subject: session.subject,
      name: session.name,
      email: session.email,
      team: session.teamName,
      role: session.role,
      groups: session.groups,
      createdAt: session.createdAt.toISOString(),
      expiresAt: session.expiresAt.toISOString(),
      revokedAt: session.revokedAt?.toISOString() ?? null,
      lastUsedAt: session.lastUsedAt?.toISOString() ?? null,
    };
  }
}

export class SessionPage extends PageOf(SessionView) {}
