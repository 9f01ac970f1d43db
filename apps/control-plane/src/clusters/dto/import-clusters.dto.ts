import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsLabelMap, TaggedUnion } from '@fleetplane/http';
import { DNS_LABEL } from '../../teams/dto/team.dto';
import { ENVIRONMENT_DEFAULT_DESCRIPTION } from '../cluster-facts';
import { CREDENTIAL_SUBTYPES, CredentialDto } from './credential.dto';

export abstract class DiscoveryScopeDto {
  @ApiProperty({ enum: ['eks', 'gke', 'aks', 'kubeconfig'] })
  @IsIn(['eks', 'gke', 'aks', 'kubeconfig'])
  provider: 'eks' | 'gke' | 'aks' | 'kubeconfig';
}

export class EksScopeDto extends DiscoveryScopeDto {
  declare provider: 'eks';

  @ApiPropertyOptional({ example: ['us-east-1', 'eu-west-1'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(40)
  @Matches(/^[a-z]{2}(-[a-z]+)+-\d$/, { each: true, message: 'must be AWS regions such as us-east-1' })
  regions?: string[];
}

export class GkeScopeDto extends DiscoveryScopeDto {
  declare provider: 'gke';

  @ApiProperty({ example: 'acme-prod' })
  @Matches(/^[a-z][-a-z0-9]{4,28}[a-z0-9]$/, { message: 'must be a GCP project id' })
  projectId: string;

  @ApiPropertyOptional({ example: 'europe-west1', description: 'Default: every location.' })
  @IsOptional()
  @Matches(/^[a-z]+-[a-z]+\d(-[a-z])?$/, { message: 'must be a GCP region or zone' })
  location?: string;
}

export class AksScopeDto extends DiscoveryScopeDto {
  declare provider: 'aks';

  @ApiProperty()
  @Matches(/^[0-9a-fA-F-]{36}$/, { message: 'must be an Azure subscription id (a GUID)' })
  subscriptionId: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[-\w.()]{1,90}$/, { message: 'must be an Azure resource group name' })
  resourceGroup?: string;

  @ApiPropertyOptional({ example: 'westeurope' })
  @IsOptional()
  @Matches(/^[a-z0-9]{2,40}$/, { message: 'must be an Azure region such as westeurope' })
  region?: string;
}

export class KubeconfigScopeDto extends DiscoveryScopeDto {
  declare provider: 'kubeconfig';
}

const SCOPE_SUBTYPES = [
  { value: EksScopeDto, name: 'eks' },
  { value: GkeScopeDto, name: 'gke' },
  { value: AksScopeDto, name: 'aks' },
  { value: KubeconfigScopeDto, name: 'kubeconfig' },
];

export class ImportFilterDto {
  @ApiPropertyOptional({ example: 'prod-*', description: 'Glob on the cloud name (`*` and `?`).' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ example: ['us-east-1'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  regions?: string[];

  @ApiPropertyOptional({ example: { env: 'prod' }, description: 'Cloud tags or resource labels that must all match.' })
  @IsOptional()
  @IsLabelMap({ annotations: true })
  tags?: Record<string, string>;
}

@ApiExtraModels(EksScopeDto, GkeScopeDto, AksScopeDto, KubeconfigScopeDto)
export class ImportClustersDto {
  @ApiProperty({
    oneOf: [EksScopeDto, GkeScopeDto, AksScopeDto, KubeconfigScopeDto].map((s) => ({ $ref: getSchemaPath(s) })),
  })
  @IsDefined()
  @TaggedUnion(DiscoveryScopeDto, 'provider', SCOPE_SUBTYPES)
  scope: DiscoveryScopeDto;

  @ApiProperty({ description: 'Used for discovery and stored (encrypted) with every cluster imported.' })
  @IsDefined()
  @TaggedUnion(CredentialDto, 'type', CREDENTIAL_SUBTYPES)
  credential: CredentialDto;

  @ApiPropertyOptional({ type: ImportFilterDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ImportFilterDto)
  filter?: ImportFilterDto;

  @ApiPropertyOptional({ example: 'payments' })
  @IsOptional()
  @Matches(DNS_LABEL, { message: 'must be a DNS label' })
  team?: string;

  @ApiPropertyOptional({ example: 'prod', description: ENVIRONMENT_DEFAULT_DESCRIPTION })
  @IsOptional()
  @Matches(DNS_LABEL, { message: 'must be a DNS label' })
  environment?: string;

  @ApiPropertyOptional({ example: { imported: 'true' } })
  @IsOptional()
  @IsLabelMap()
  labels?: Record<string, string>;

  @ApiPropertyOptional({ example: 'aws-', description: 'Prefixed to each cloud name to form the fleet name.' })
  @IsOptional()
  @Matches(/^[a-z0-9-]{0,30}$/, { message: 'must be lowercase letters, digits and -' })
  namePrefix?: string;
}

export class ImportOutcomeView {
  @ApiProperty({ example: 'prod-use1' }) cloudName: string;
  @ApiProperty({ example: 'us-east-1' }) region: string;
  @ApiProperty({ example: 'aws-prod-use1' }) name: string;
  @ApiProperty({ enum: ['registered', 'already-registered', 'filtered-out', 'failed'] }) outcome:
    'registered' | 'already-registered' | 'filtered-out' | 'failed';
  @ApiPropertyOptional({ example: 'Credential refused by the cloud' }) error?: string;
  /** Why an `already-registered` cluster was not registered again; `name` is then the existing registration's when visible. */
  @ApiPropertyOptional({ example: 'registered as prod-use1' }) reason?: string;
}

export class ImportResultView {
  @ApiProperty({ example: 4 }) discovered: number;
  @ApiProperty({ example: 3 }) registered: number;
  @ApiProperty({ type: [ImportOutcomeView] }) clusters: ImportOutcomeView[];
}
