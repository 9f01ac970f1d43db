import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsDateString,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { BINDING_ROLES, LOCALITY_POLICIES, SCOPE_LEVELS, WORKLOAD_KINDS } from '@fleetplane/bindings';
import type { BindingRole, BindingScopeLevel, LocalityPolicy, WorkloadKind } from '@fleetplane/bindings';
import type { LabelSelector } from '@fleetplane/fanout';
import { SERVICE_CLASS_NAMES, SERVICE_CLOUDS } from '@fleetplane/providers';
import type { ServiceClassName } from '@fleetplane/providers';
import { DNS_LABEL } from '../../teams/dto/team.dto';

export class BindingScopeDto {
  @ApiProperty({
    enum: SCOPE_LEVELS,
    description: 'Most specific first: cluster, labels, region, cloud, environment, default.',
  })
  @IsIn(SCOPE_LEVELS)
  level: BindingScopeLevel;

  @ApiPropertyOptional({ example: 'prod-use1', description: 'level cluster: the cluster name.' })
  @IsOptional()
  @Matches(DNS_LABEL, { message: 'must be a DNS label' })
  cluster?: string;

  @ApiPropertyOptional({ example: { matchLabels: { tier: 'gold' } }, description: 'level labels: a label selector.' })
  @IsOptional()
  @IsObject()
  selector?: LabelSelector;

  @ApiPropertyOptional({ example: 'us-east-1', description: 'level region.' })
  @IsOptional()
  @Matches(/^[a-z0-9-]{1,64}$/, { message: 'must be a region name' })
  region?: string;

  @ApiPropertyOptional({ enum: SERVICE_CLOUDS, description: 'level cloud.' })
  @IsOptional()
  @IsIn(SERVICE_CLOUDS)
  cloud?: string;

  @ApiPropertyOptional({ example: 'production', description: 'level environment.' })
  @IsOptional()
  @Matches(DNS_LABEL, { message: 'must be a DNS label' })
  environment?: string;
}

const CREDENTIAL_KINDS = ['stored', 'cloud-secret', 'none'] as const;

export class BindingCredentialDto {
  @ApiProperty({
    enum: CREDENTIAL_KINDS,
    description:
      'stored: the fields are kept encrypted here; cloud-secret: a reference into the cloud secret store (Secrets Manager ARN, Secret Manager version, Key Vault secret URI), read when a target is rendered; none: the class needs no credential.',
  })
  @IsIn(CREDENTIAL_KINDS)
  type: (typeof CREDENTIAL_KINDS)[number];

  @ApiPropertyOptional({ example: { username: 'orders_app', password: '...' }, writeOnly: true })
  @IsOptional()
  @IsObject()
  fields?: Record<string, string>;

  @ApiPropertyOptional({ description: 'stored: when the credential stops working.' })
  @IsOptional()
  @IsDateString()
  expiresAt?: string;

  @ApiPropertyOptional({ example: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-AbCdEf' })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  reference?: string;
}

export class WorkloadNameDto {
  @ApiProperty({ enum: WORKLOAD_KINDS })
  @IsIn(WORKLOAD_KINDS)
  kind: WorkloadKind;

  @ApiProperty()
  @Matches(/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/, { message: 'must be a Kubernetes object name' })
  name: string;
}

const SELECTIONS = ['all', 'names', 'labels'] as const;

export class WorkloadSelectionDto {
  @ApiProperty({ enum: SELECTIONS })
  @IsIn(SELECTIONS)
  type: (typeof SELECTIONS)[number];

  @ApiPropertyOptional({ type: [WorkloadNameDto] })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => WorkloadNameDto)
  names?: WorkloadNameDto[];

  @ApiPropertyOptional({ example: { matchLabels: { tier: 'web' } } })
  @IsOptional()
  @IsObject()
  selector?: LabelSelector;
}

export class BindingEnvDto {
  @ApiProperty({ example: 'DATABASE_URL' })
  @Matches(/^[-._a-zA-Z][-._a-zA-Z0-9]{0,252}$/, { message: 'must be an environment variable name' })
  name: string;

  @ApiProperty({ example: 'uri', description: 'An entry of the binding Secret.' })
  @Matches(/^[-._a-zA-Z0-9]{1,253}$/, { message: 'must be a Secret key' })
  key: string;
}

export class PutBindingDto {
  @ApiProperty({ enum: SERVICE_CLASS_NAMES, description: 'What the application asks for; the instance must be of it.' })
  @IsIn(SERVICE_CLASS_NAMES)
  class: ServiceClassName;

  @ApiProperty({ type: BindingScopeDto })
  @ValidateNested()
  @Type(() => BindingScopeDto)
  scope: BindingScopeDto;

  @ApiProperty({ example: 'orders-use1', description: 'A service instance of the application team.' })
  @Matches(DNS_LABEL, { message: 'must be a DNS label' })
  instance: string;

  @ApiPropertyOptional({ enum: BINDING_ROLES, default: 'primary' })
  @IsOptional()
  @IsIn(BINDING_ROLES)
  role?: BindingRole;

  @ApiPropertyOptional({ enum: LOCALITY_POLICIES, default: 'any' })
  @IsOptional()
  @IsIn(LOCALITY_POLICIES)
  locality?: LocalityPolicy;

  @ApiPropertyOptional({ type: BindingCredentialDto, description: 'Values are stored encrypted and never returned.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => BindingCredentialDto)
  credential?: BindingCredentialDto;

  @ApiPropertyOptional({ type: WorkloadSelectionDto, description: 'Default: every workload of the release.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => WorkloadSelectionDto)
  workloads?: WorkloadSelectionDto;

  @ApiPropertyOptional({ type: [BindingEnvDto] })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => BindingEnvDto)
  env?: BindingEnvDto[];
}

export class ResolveQuery {
  @ApiProperty({ example: 'prod-use1' })
  @Matches(DNS_LABEL, { message: 'must be a DNS label' })
  cluster: string;
}
