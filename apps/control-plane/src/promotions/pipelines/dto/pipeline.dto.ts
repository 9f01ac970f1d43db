import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsNumber,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageOf } from '@fleetplane/http';
import { StoredPipelineStage } from '@fleetplane/persistence';
import { DNS_LABEL } from '../../../teams/dto/team.dto';

const DAY_SECONDS = 24 * 3600;
const CHECK_TYPES = ['http', 'metrics'] as const;
const COMPARATORS = ['<', '<=', '>', '>=', '=='] as const;
const APPROVER_ROLES = ['operator', 'admin'] as const;
const URL_OPTIONS = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };

export class ApprovalGateDto {
  @ApiProperty({ example: 2, description: 'Distinct approvers needed; the requester never counts.' })
  @IsInt()
  @Min(1)
  @Max(10)
  required: number;

  @ApiPropertyOptional({ enum: APPROVER_ROLES, default: 'operator', description: 'The least role of an approver.' })
  @IsOptional()
  @IsIn(APPROVER_ROLES)
  minimumRole?: (typeof APPROVER_ROLES)[number];

  @ApiPropertyOptional({
    example: 86400,
    default: 86400,
    description: 'An approval lapses after this; a promotion waiting this long for approvals expires.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(30 * DAY_SECONDS)
  ttlSeconds?: number;
}

/** A verification check: `http` (status and body) or `metrics` (a Prometheus query against a threshold). */
export class VerificationCheckDto {
  @ApiProperty({ enum: CHECK_TYPES })
  @IsIn(CHECK_TYPES)
  kind: (typeof CHECK_TYPES)[number];

  @ApiProperty({ example: 'storefront-health' })
  @Matches(DNS_LABEL, { message: 'must be a DNS label' })
  name: string;

  @ApiPropertyOptional({ example: 'https://staging.example.com/healthz', description: 'http: the URL to GET.' })
  @ValidateIf((check: VerificationCheckDto) => check.kind === 'http' || check.url !== undefined)
  @IsUrl(URL_OPTIONS, { message: 'must be an http(s) URL' })
  @MaxLength(2048)
  url?: string;

  @ApiPropertyOptional({ example: 200, default: 200, description: 'http: the status expected.' })
  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(599)
  expectStatus?: number;

  @ApiPropertyOptional({ example: '"status":"ok"', description: 'http: a regular expression the body must match.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  bodyMatches?: string;

  @ApiPropertyOptional({ example: 2, default: 2, description: 'Tries after the first before the check fails.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10)
  retries?: number;

  @ApiPropertyOptional({ example: 2, default: 2, description: 'Seconds between tries.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(300)
  intervalSeconds?: number;

  @ApiPropertyOptional({ example: 10, default: 10, description: 'Seconds one try may take.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(60)
  timeoutSeconds?: number;

  @ApiPropertyOptional({ example: 'http://prometheus:9090', description: 'metrics: the Prometheus HTTP API.' })
  @ValidateIf((check: VerificationCheckDto) => check.kind === 'metrics' || check.prometheusUrl !== undefined)
  @IsUrl(URL_OPTIONS, { message: 'must be an http(s) URL' })
  @MaxLength(2048)
  prometheusUrl?: string;

  @ApiPropertyOptional({ example: 'sum(rate(http_errors_total[5m]))', description: 'metrics: an instant query.' })
  @ValidateIf((check: VerificationCheckDto) => check.kind === 'metrics' || check.query !== undefined)
  @IsString()
  @MaxLength(2000)
  query?: string;

  @ApiPropertyOptional({ enum: COMPARATORS, description: 'metrics: how the value compares with the threshold.' })
  @ValidateIf((check: VerificationCheckDto) => check.kind === 'metrics' || check.comparator !== undefined)
  @IsIn(COMPARATORS)
  comparator?: (typeof COMPARATORS)[number];

  @ApiPropertyOptional({ example: 0.01, description: 'metrics: the threshold.' })
  @ValidateIf((check: VerificationCheckDto) => check.kind === 'metrics' || check.threshold !== undefined)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  threshold?: number;
}

export class StageGatesDto {
  @ApiPropertyOptional({ example: 3600, description: 'Seconds the release must have run healthy upstream.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(30 * DAY_SECONDS)
  soakSeconds?: number;

  @ApiPropertyOptional({ type: ApprovalGateDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ApprovalGateDto)
  approvals?: ApprovalGateDto;

  @ApiPropertyOptional({ type: [VerificationCheckDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => VerificationCheckDto)
  verification?: VerificationCheckDto[];

  @ApiPropertyOptional({ default: false, description: 'Deploy the previous release again when verification fails.' })
  @IsOptional()
  @IsBoolean()
  rollbackOnFailure?: boolean;
}

export class PipelineStageDto {
  @ApiProperty({ example: 'staging' })
  @Matches(DNS_LABEL, { message: 'must be a DNS label' })
  environment: string;

  @ApiPropertyOptional({ example: ['dev'], description: 'The stages it takes releases from; none for the first.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(DNS_LABEL, { each: true, message: 'must be a list of DNS labels' })
  upstreams?: string[];

  @ApiPropertyOptional({ enum: ['any', 'all'], default: 'any' })
  @IsOptional()
  @IsIn(['any', 'all'])
  upstreamPolicy?: 'any' | 'all';

  @ApiPropertyOptional({ default: false, description: 'Promote into it as soon as every gate passes.' })
  @IsOptional()
  @IsBoolean()
  autoPromote?: boolean;

  @ApiPropertyOptional({ type: StageGatesDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => StageGatesDto)
  gates?: StageGatesDto;
}

export class SetPipelineDto {
  @ApiProperty({ type: [PipelineStageDto] })
  @IsArray()
  @ArrayMaxSize(20)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => PipelineStageDto)
  stages: PipelineStageDto[];
}

export class PipelineView {
  @ApiProperty({ example: 'storefront' }) application: string;
  @ApiProperty({ type: [PipelineStageDto] }) stages: StoredPipelineStage[];
  @ApiProperty() updatedAt: string;
}

export class PipelinePage extends PageOf(PipelineView) {}
