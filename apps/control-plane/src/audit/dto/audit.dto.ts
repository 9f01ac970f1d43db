import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageOf, PageQuery } from '@fleetplane/http';
import { AuditEventEntity } from '@fleetplane/persistence';

export class AuditQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'token.create' })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  action?: string;

  @ApiPropertyOptional({ example: 'token' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  resourceType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(255)
  resourceId?: string;

  @ApiPropertyOptional({ example: 'token:5b0c2f7e-8a8e-4c55-9d0a-3d6c1a1f2b9e' })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  actor?: string;

  @ApiPropertyOptional({ example: 'payments' })
  @IsOptional()
  @Matches(/^[a-z0-9-]{1,63}$/, { message: 'must be a DNS label' })
  team?: string;

  @ApiPropertyOptional({ example: 'req-7f3a' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  requestId?: string;

  @ApiPropertyOptional({ example: '2026-11-22T00:00:00Z', description: 'Events at or after this instant.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  since?: string;

  @ApiPropertyOptional({ example: '2026-11-23T00:00:00Z', description: 'Events before this instant.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  until?: string;
}

export class AuditEventView {
  @ApiProperty({ example: '42' }) id: string;
  @ApiProperty({ example: '2026-11-22T10:00:00.000Z' }) at: string;
  @ApiProperty({ example: 'token:5b0c2f7e-8a8e-4c55-9d0a-3d6c1a1f2b9e' }) actor: string;
  @ApiProperty({ type: String, nullable: true, example: 'platform' }) actorTeam: string | null;
  @ApiProperty({ example: 'token.create' }) action: string;
  @ApiProperty({ example: 'token' }) resourceType: string;
  @ApiProperty({ example: '5b0c2f7e-8a8e-4c55-9d0a-3d6c1a1f2b9e' }) resourceId: string;
  @ApiProperty({ type: String, nullable: true, example: 'payments' }) team: string | null;
  @ApiProperty({ type: String, nullable: true }) requestId: string | null;
  @ApiProperty({ type: Object, nullable: true, description: 'The resource before, secrets redacted.' }) before: Record<
    string,
    unknown
  > | null;
  @ApiProperty({ type: Object, nullable: true, description: 'The resource after, secrets redacted.' }) after: Record<
    string,
    unknown
  > | null;

  static of(event: AuditEventEntity): AuditEventView {
    return { ...event, at: event.at.toISOString() };
  }
}

export class AuditPage extends PageOf(AuditEventView) {}
