import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { IsArray, IsDefined, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '@fleetplane/http';
import { SERVICE_CLOUDS } from '@fleetplane/providers';
import type { ServiceCloud } from '@fleetplane/providers';
import { DNS_LABEL } from '../../teams/dto/team.dto';
import { CREDENTIAL_SUBTYPES, CredentialDto, CredentialField } from '../../clusters/dto/credential.dto';

const CREDENTIAL_SCHEMAS = CREDENTIAL_SUBTYPES.map((subtype) => subtype.value);
const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

@ApiExtraModels(...CREDENTIAL_SCHEMAS)
export class RegisterServiceInstanceDto {
  @ApiProperty({
    example: 'arn:aws:rds:us-east-1:123456789012:db:orders',
    description: 'The ARN, GCP resource name or Azure resource id; the cloud describes it before anything is stored.',
  })
  @IsString()
  @MaxLength(2048)
  nativeId: string;

  @ApiPropertyOptional({
    example: 'orders-use1',
    description: "The team's name for it; the cloud's short name by default.",
  })
  @IsOptional()
  @Matches(DNS_LABEL, { message: 'must be a DNS label (lowercase letters, digits and -, at most 63 characters)' })
  name?: string;

  @ApiPropertyOptional({ example: 'payments', description: "The owning team; default the caller's." })
  @IsOptional()
  @Matches(DNS_LABEL, { message: 'must be a DNS label' })
  team?: string;

  @ApiProperty({
    oneOf: CREDENTIAL_SCHEMAS.map((schema) => ({ $ref: getSchemaPath(schema) })),
    description:
      "The cloud account credential the instance is read with; stored encrypted, never returned. The control plane's own identity (aws-default-chain, gcp-application-default, azure-default) only for platform admins.",
  })
  @IsDefined()
  @CredentialField()
  credential: CredentialDto;
}

export class ImportServiceInstancesDto {
  @ApiProperty({ enum: SERVICE_CLOUDS })
  @IsIn(SERVICE_CLOUDS)
  cloud: ServiceCloud;

  @ApiPropertyOptional({ example: ['us-east-1', 'eu-west-1'], description: 'AWS: the regions to sweep.' })
  @IsOptional()
  @IsArray()
  @Matches(AWS_REGION, { each: true, message: 'each must be an AWS region such as us-east-1' })
  regions?: string[];

  @ApiPropertyOptional({ example: 'payments', description: "The owning team; default the caller's." })
  @IsOptional()
  @Matches(DNS_LABEL, { message: 'must be a DNS label' })
  team?: string;

  @ApiProperty({ oneOf: CREDENTIAL_SCHEMAS.map((schema) => ({ $ref: getSchemaPath(schema) })) })
  @IsDefined()
  @CredentialField()
  credential: CredentialDto;
}

export class RefreshServiceInstanceDto {
  @ApiPropertyOptional({
    oneOf: CREDENTIAL_SCHEMAS.map((schema) => ({ $ref: getSchemaPath(schema) })),
    description: 'A new cloud account credential; the instance is described again with it before it is stored.',
  })
  @IsOptional()
  @CredentialField()
  credential?: CredentialDto;
}

export class ServiceInstanceQuery extends PageQuery {}
