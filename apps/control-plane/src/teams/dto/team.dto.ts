import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageOf } from '@fleetplane/http';
import { TeamEntity } from '@fleetplane/persistence';

export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export class CreateTeamDto {
  @ApiProperty({ example: 'payments', description: 'A DNS label: lowercase letters, digits and dashes, at most 63.' })
  @IsString()
  @Matches(DNS_LABEL, { message: 'must be a DNS label (lowercase letters, digits and -, at most 63 characters)' })
  name: string;

  @ApiPropertyOptional({ example: 'Owns the checkout and billing services.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;
}

export class UpdateTeamDto {
  @ApiProperty({ example: 'Owns checkout, billing and refunds.' })
  @IsString()
  @MaxLength(500)
  description: string;
}

export class TeamView {
  @ApiProperty({ example: 'payments' })
  name: string;

  @ApiProperty({ example: 'Owns the checkout and billing services.' })
  description: string;

  @ApiProperty({ example: '2026-11-22T10:00:00.000Z' })
  createdAt: string;

  @ApiProperty({ example: '2026-11-22T10:00:00.000Z' })
  updatedAt: string;

  @ApiProperty({ example: 1, description: 'Also sent as the ETag header.' })
  version: number;

  static of(team: TeamEntity): TeamView {
    return {
      name: team.name,
      description: team.description,
      createdAt: team.createdAt.toISOString(),
      updatedAt: team.updatedAt.toISOString(),
      version: team.version,
    };
  }
}

export class TeamPage extends PageOf(TeamView) {}
