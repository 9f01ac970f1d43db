import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  Equals,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PageOf, PageQuery } from '@fleetplane/http';
import { PROMOTION_STATES } from '@fleetplane/promotion';
import type { StoredGateResult, StoredOverride, StoredStageGates } from '@fleetplane/persistence';
import { DNS_LABEL } from '../../../teams/dto/team.dto';

const APPLICATION_NAME = /^[a-z0-9]([-a-z0-9]{0,51}[a-z0-9])?$/;

export class OverrideDto {
  @ApiProperty({ example: 'hotfix for incident 4711, approved by the on-call lead' })
  @IsString()
  @MinLength(10, { message: 'must say why in at least 10 characters' })
  @MaxLength(1000)
  reason: string;
}

/** Exactly one of `application`, `applications` and `all` says what moves. */
export class CreatePromotionDto {
  @ApiPropertyOptional({ example: 'storefront', description: 'One application.' })
  @IsOptional()
  @Matches(APPLICATION_NAME, { message: 'must be an application name' })
  application?: string;

  @ApiPropertyOptional({ example: ['storefront', 'checkout'], description: 'Several applications, as one unit.' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @Matches(APPLICATION_NAME, { each: true, message: 'must be a list of application names' })
  applications?: string[];

  @ApiPropertyOptional({
    example: true,
    description: 'Every application of the team that runs in `from`, as one unit.',
  })
  @IsOptional()
  @Equals(true, { message: 'must be true when given' })
  all?: true;

  @ApiProperty({ example: 'staging' })
  @Matches(DNS_LABEL, { message: 'must be an environment name' })
  from: string;

  @ApiProperty({ example: 'prod' })
  @Matches(DNS_LABEL, { message: 'must be an environment name' })
  to: string;

  @ApiPropertyOptional({
    type: OverrideDto,
    description:
      'Admins only: promote although a release never became healthy in `from`, or into a frozen `to`. The reason is audited.',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => OverrideDto)
  force?: OverrideDto;
}

export class DecisionDto {
  @ApiPropertyOptional({ example: 'error budget is fine', description: 'Required to decline.' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  comment?: string;
}

export class PromotionQuery extends PageQuery {
  @ApiPropertyOptional({ enum: PROMOTION_STATES })
  @IsOptional()
  @IsIn(PROMOTION_STATES)
  state?: string;

  @ApiPropertyOptional({ example: 'prod' })
  @IsOptional()
  @Matches(DNS_LABEL, { message: 'must be an environment name' })
  to?: string;
}

export class PromotionItemView {
  @ApiProperty({ example: 'storefront' }) application: string;
  @ApiProperty({ example: '1.4.2' }) release: string;
  @ApiProperty({ type: String, nullable: true, example: '1.4.1' }) previousRelease: string | null;
  @ApiProperty({ type: String, nullable: true }) deploymentId: string | null;
}

export class ApprovalView {
  @ApiProperty({ example: 'token:6f1c…' }) approver: string;
  @ApiProperty({ example: 'operator' }) role: string;
  @ApiProperty({ enum: ['approve', 'decline'] }) decision: string;
  @ApiProperty() comment: string;
  @ApiProperty() at: string;
}

export class PromotionView {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'payments' }) team: string;
  @ApiProperty({ example: 'staging' }) from: string;
  @ApiProperty({ example: 'prod' }) to: string;
  @ApiProperty({ enum: PROMOTION_STATES }) state: string;
  @ApiProperty({ example: 'waiting for approvals (1 of 2 approvals)' }) reason: string;
  @ApiProperty({ example: 'token:6f1c…' }) requestedBy: string;
  @ApiProperty({ type: [PromotionItemView] }) items: PromotionItemView[];
  @ApiProperty({ description: 'The target stage’s gates, as they were when the promotion was requested.' })
  gates: StoredStageGates;
  @ApiProperty({
    description: 'Each gate’s latest result: status, reason, evidence and when it was evaluated.',
    example: [{ gate: 'soak', status: 'passed', reason: 'healthy without a break for 3600s', evidence: {} }],
  })
  gateResults: StoredGateResult[];
  @ApiProperty({ type: [ApprovalView] }) approvals: ApprovalView[];
  @ApiProperty({ type: OverrideDto, nullable: true }) force: StoredOverride | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: String, nullable: true }) finishedAt: string | null;
}

export class PromotionPage extends PageOf(PromotionView) {}
