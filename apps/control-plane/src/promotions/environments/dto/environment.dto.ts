import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageOf } from '@fleetplane/http';
import { placementShape, schemaOfShape, strategyShape } from '@fleetplane/fanout';
import type { PlacementSpec, RolloutStrategy } from '@fleetplane/fanout';
import { EnvironmentEntity, StoredFreezeWindow } from '@fleetplane/persistence';
import { DNS_LABEL } from '../../../teams/dto/team.dto';

const FREEZE_KINDS = ['recurring', 'one-off'] as const;
const FREEZE_EFFECTS = ['deny', 'allow'] as const;

/** One freeze: `recurring` (cron, time zone, duration) or `one-off` (from, until); the fields of the other kind are refused. */
export class FreezeWindowDto {
  @ApiPropertyOptional({ example: 'weekend', description: 'How the freeze is named in refusals and gate evidence.' })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  name?: string;

  @ApiProperty({ enum: FREEZE_KINDS })
  @IsIn(FREEZE_KINDS)
  kind: (typeof FREEZE_KINDS)[number];

  @ApiPropertyOptional({ example: '0 18 * * 5', description: 'recurring: when each window opens (5-field cron).' })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  cron?: string;

  @ApiPropertyOptional({ example: 'Europe/Paris', description: 'recurring: the IANA time zone of the cron.' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  timeZone?: string;

  @ApiPropertyOptional({ example: 3780, description: 'recurring: how long each window lasts.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(60 * 24 * 31)
  durationMinutes?: number;

  @ApiPropertyOptional({ example: '2026-12-24T00:00:00Z', description: 'one-off: start (ISO-8601).' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-27T00:00:00Z', description: 'one-off: end (ISO-8601), after from.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  until?: string;

  @ApiPropertyOptional({
    enum: FREEZE_EFFECTS,
    default: 'deny',
    description: 'deny wins where deny and allow overlap.',
  })
  @IsOptional()
  @IsIn(FREEZE_EFFECTS)
  effect?: (typeof FREEZE_EFFECTS)[number];
}

/** The fields an environment may change after creation; placement and strategy are checked by the fan-out stages. */
export class UpdateEnvironmentDto {
  @ApiPropertyOptional({
    allOf: [schemaOfShape(placementShape)],
    example: { clouds: ['gcp', 'azure'], spread: [{ topologyKey: 'cloud', minPerDomain: 1 }] },
    description:
      "Which of the environment's clusters (those whose `environment` is `bindingsEnvironment`) a promotion deploys to. Its own `environments` field is refused: `bindingsEnvironment` says it.",
  })
  @IsOptional()
  @IsObject()
  placement?: PlacementSpec;

  @ApiPropertyOptional({
    allOf: [schemaOfShape(strategyShape)],
    description: 'The rollout strategy of promotions into it. Default: all at once, 16 clusters at a time.',
  })
  @IsOptional()
  @IsObject()
  strategy?: RolloutStrategy;

  @ApiPropertyOptional({ type: [FreezeWindowDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => FreezeWindowDto)
  freezeWindows?: FreezeWindowDto[];

  @ApiPropertyOptional({
    example: 'production',
    description: 'The cluster `environment` its clusters carry, under which their bindings resolve. Default: the name.',
  })
  @IsOptional()
  @Matches(DNS_LABEL, { message: 'must be a DNS label' })
  bindingsEnvironment?: string;
}

export class CreateEnvironmentDto extends UpdateEnvironmentDto {
  @ApiProperty({ example: 'staging' })
  @Matches(DNS_LABEL, { message: 'must be a DNS label' })
  name: string;

  @ApiPropertyOptional({ example: 'payments', description: "Default: the token's team." })
  @IsOptional()
  @Matches(DNS_LABEL, { message: 'must be a DNS label' })
  team?: string;
}

export class EnvironmentView {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'staging' }) name: string;
  @ApiProperty({ example: 'payments' }) team: string;
  @ApiProperty({ example: { clouds: ['gcp'] } }) placement: PlacementSpec;
  @ApiProperty({ example: { type: 'AllAtOnce', maxConcurrency: 16 } }) strategy: RolloutStrategy;
  @ApiProperty({ type: [FreezeWindowDto] }) freezeWindows: StoredFreezeWindow[];
  @ApiProperty({ example: 'staging' }) bindingsEnvironment: string;
  @ApiProperty() createdAt: string;

  static of(environment: EnvironmentEntity): EnvironmentView {
    return {
      id: environment.id,
      name: environment.name,
      team: environment.team,
      placement: environment.placement,
      strategy: environment.strategy,
      freezeWindows: environment.freezeWindows,
      bindingsEnvironment: environment.bindingsEnvironment,
      createdAt: environment.createdAt.toISOString(),
    };
  }
}

export class EnvironmentPage extends PageOf(EnvironmentView) {}

export class EnvironmentReleaseView {
  @ApiProperty({ example: 'storefront' }) application: string;
  @ApiProperty({ example: '1.4.2' }) release: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The promotion that put it there; null for a manual rollback.',
  })
  promotionId: string | null;
  @ApiProperty({ description: 'Pinned by a manual rollback: automatic promotions skip it until it is unpinned.' })
  pinned: boolean;
  @ApiProperty({ type: String, nullable: true }) pinnedBy: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'manual rollback of deployment … to 1.4.1' })
  pinReason: string | null;
  @ApiProperty({ type: String, nullable: true }) pinnedAt: string | null;
  @ApiProperty() updatedAt: string;
}

export class EnvironmentDiffQuery {
  @ApiProperty({ example: 'prod', description: 'The environment to compare with.' })
  @Matches(DNS_LABEL, { message: 'must be an environment name' })
  with: string;
}

export class RunningReleaseView {
  @ApiProperty({ example: '1.4.2' }) release: string;
  @ApiProperty({ description: 'Its deployment there succeeded with every cluster ready.' }) healthy: boolean;
}

export class ReleaseDifferenceView {
  @ApiProperty({ example: 'storefront' }) application: string;
  @ApiProperty({ type: RunningReleaseView, nullable: true, description: 'In the environment of the path.' })
  left: RunningReleaseView | null;
  @ApiProperty({ type: RunningReleaseView, nullable: true, description: 'In the environment of `with`.' })
  right: RunningReleaseView | null;
  @ApiProperty() same: boolean;
}
