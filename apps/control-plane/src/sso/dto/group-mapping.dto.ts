import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { PageOf } from '@fleetplane/http';
import { SsoGroupMappingEntity } from '@fleetplane/persistence';
import { ROLES } from '@fleetplane/security';
import type { Role } from '@fleetplane/security';
import { DNS_LABEL } from '../../teams/dto/team.dto';

export class CreateGroupMappingDto {
  @ApiProperty({
    example: 'payments-engineers',
    description: "The group exactly as the provider's groups claim spells it.",
  })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  group: string;

  @ApiProperty({ example: 'payments' })
  @Matches(DNS_LABEL, { message: 'must be a DNS label' })
  team: string;

  @ApiProperty({ enum: ROLES, example: 'operator' })
  @IsIn(ROLES)
  role: Role;
}

export class UpdateGroupMappingDto {
  @ApiPropertyOptional({ example: 'payments' })
  @IsOptional()
  @Matches(DNS_LABEL, { message: 'must be a DNS label' })
  team?: string;

  @ApiPropertyOptional({ enum: ROLES, example: 'admin' })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;
}

export class GroupMappingView {
  @ApiProperty({ example: '5b0c2f7e-8a8e-4c55-9d0a-3d6c1a1f2b9e' })
  id: string;

  @ApiProperty({ example: 'payments-engineers' })
  group: string;

  @ApiProperty({ example: 'payments' })
  team: string;

  @ApiProperty({ enum: ROLES, example: 'operator' })
  role: Role;

  @ApiProperty({ example: '2026-12-03T10:00:00.000Z' })
  createdAt: string;

  @ApiProperty({ example: '2026-12-03T10:00:00.000Z' })
  updatedAt: string;

  static of(mapping: SsoGroupMappingEntity): GroupMappingView {
    return {
      id: mapping.id,
      group: mapping.group,
      team: mapping.teamName,
      role: mapping.role,
      createdAt: mapping.createdAt.toISOString(),
      updatedAt: mapping.updatedAt.toISOString(),
    };
  }
}

export class GroupMappingPage extends PageOf(GroupMappingView) {}
