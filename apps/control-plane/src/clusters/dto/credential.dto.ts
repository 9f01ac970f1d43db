import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import {
  CREDENTIAL_TYPES_OF_PROVIDER,
  LOCAL_FILE_CREDENTIAL_TYPES,
  PROVIDER_KINDS,
  ProviderCredential,
} from '@fleetplane/providers';

type ApiCredentialType = Exclude<ProviderCredential['type'], (typeof LOCAL_FILE_CREDENTIAL_TYPES)[number]>;

function isApiCredentialType(type: ProviderCredential['type']): type is ApiCredentialType {
  return !LOCAL_FILE_CREDENTIAL_TYPES.some((local) => local === type);
}

/** Which credential types each provider accepts through the API: what its adapter accepts, less local files. */
export const CREDENTIAL_TYPES_BY_PROVIDER: Readonly<Record<string, readonly ApiCredentialType[]>> = Object.fromEntries(
  PROVIDER_KINDS.map((kind) => [kind, CREDENTIAL_TYPES_OF_PROVIDER[kind].filter(isApiCredentialType)]),
);

export const API_CREDENTIAL_TYPES: readonly ApiCredentialType[] = [
  ...new Set(Object.values(CREDENTIAL_TYPES_BY_PROVIDER).flat()),
];

/**
 * Credentials the API accepts. Kubeconfig files and directories on the control plane's disk are not among
 * them: a caller must never make the control plane read its own files (the embedded demo uses them internally).
 */
export abstract class CredentialDto {
  @ApiProperty({ enum: API_CREDENTIAL_TYPES })
  @IsIn(API_CREDENTIAL_TYPES)
  type: ApiCredentialType;
}

export class AwsDefaultChainDto extends CredentialDto {
  declare type: 'aws-default-chain';
}

export class AwsStaticKeysDto extends CredentialDto {
  declare type: 'aws-static-keys';

  @ApiProperty({ example: 'AKIAIOSFODNN7EXAMPLE' })
  @Matches(/^[A-Z0-9]{16,128}$/, { message: 'must be an AWS access key id' })
  accessKeyId: string;

  @ApiProperty({ example: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', writeOnly: true })
  @IsString()
  @MinLength(16)
  @MaxLength(256)
  secretAccessKey: string;

  @ApiPropertyOptional({ writeOnly: true })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  sessionToken?: string;
}

export class AwsAssumeRoleSourceDto {
  @ApiProperty({ enum: ['aws-default-chain', 'aws-static-keys'] })
  @IsIn(['aws-default-chain', 'aws-static-keys'])
  type: 'aws-default-chain' | 'aws-static-keys';

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[A-Z0-9]{16,128}$/, { message: 'must be an AWS access key id' })
  accessKeyId?: string;

  @ApiPropertyOptional({ writeOnly: true })
  @IsOptional()
  @IsString()
  @MinLength(16)
  @MaxLength(256)
  secretAccessKey?: string;
}

export class AwsAssumeRoleDto extends CredentialDto {
  declare type: 'aws-assume-role';

  @ApiProperty({ example: 'arn:aws:iam::123456789012:role/fleetplane' })
  @Matches(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, { message: 'must be an IAM role ARN' })
  roleArn: string;

  @ApiPropertyOptional({ example: 'fleetplane-7f3a' })
  @IsOptional()
  @Matches(/^[\w+=,.@:/-]{2,1224}$/, { message: 'must be 2-1224 characters of letters, digits and +=,.@:/-' })
  externalId?: string;

  @ApiPropertyOptional({
    type: AwsAssumeRoleSourceDto,
    description: 'Who assumes the role; the default chain when absent.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => AwsAssumeRoleSourceDto)
  source?: AwsAssumeRoleSourceDto;
}

export class GcpApplicationDefaultDto extends CredentialDto {
  declare type: 'gcp-application-default';
}

export class GcpServiceAccountKeyDto extends CredentialDto {
  declare type: 'gcp-service-account-key';

  @ApiProperty({ description: "The service account key JSON file's content, as a string.", writeOnly: true })
  @IsString()
  @MinLength(2)
  @MaxLength(16_384)
  keyJson: string;
}

export class AzureClientSecretDto extends CredentialDto {
  declare type: 'azure-client-secret';

  @ApiProperty({ example: '72f988bf-86f1-41af-91ab-2d7cd011db47' })
  @Matches(/^[0-9a-fA-F-]{36}$/, { message: 'must be a tenant id (a GUID)' })
  tenantId: string;

  @ApiProperty({ example: '00000000-0000-0000-0000-000000000000' })
  @Matches(/^[0-9a-fA-F-]{36}$/, { message: 'must be a client id (a GUID)' })
  clientId: string;

  @ApiProperty({ writeOnly: true })
  @IsString()
  @MinLength(8)
  @MaxLength(1024)
  clientSecret: string;
}

export class AzureWorkloadIdentityDto extends CredentialDto {
  declare type: 'azure-workload-identity';

  @ApiProperty()
  @Matches(/^[0-9a-fA-F-]{36}$/, { message: 'must be a tenant id (a GUID)' })
  tenantId: string;

  @ApiProperty()
  @Matches(/^[0-9a-fA-F-]{36}$/, { message: 'must be a client id (a GUID)' })
  clientId: string;

  @ApiProperty({
    example: '/var/run/secrets/azure/tokens/azure-identity-token',
    description: "The projected token file in the control plane's pod.",
  })
  @Matches(/^\/var\/run\/secrets\/[\w./-]+$/, { message: 'must be a projected token under /var/run/secrets/' })
  tokenFilePath: string;
}

export class AzureDefaultDto extends CredentialDto {
  declare type: 'azure-default';

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[0-9a-fA-F-]{36}$/, { message: 'must be a client id (a GUID)' })
  managedIdentityClientId?: string;
}

export class KubeconfigTextDto extends CredentialDto {
  declare type: 'kubeconfig';

  @ApiProperty({
    description: 'A kubeconfig with inline material only (no file references, exec or auth-provider).',
    writeOnly: true,
  })
  @IsString()
  @MinLength(10)
  @MaxLength(262_144)
  kubeconfig: string;
}

export const CREDENTIAL_SUBTYPES = [
  { value: AwsDefaultChainDto, name: 'aws-default-chain' },
  { value: AwsStaticKeysDto, name: 'aws-static-keys' },
  { value: AwsAssumeRoleDto, name: 'aws-assume-role' },
  { value: GcpApplicationDefaultDto, name: 'gcp-application-default' },
  { value: GcpServiceAccountKeyDto, name: 'gcp-service-account-key' },
  { value: AzureClientSecretDto, name: 'azure-client-secret' },
  { value: AzureWorkloadIdentityDto, name: 'azure-workload-identity' },
  { value: AzureDefaultDto, name: 'azure-default' },
  { value: KubeconfigTextDto, name: 'kubeconfig' },
];

/**
 * A credential property: one object, shaped as the DTO its `type` names. class-transformer's own
 * discriminator reads `type` of every element of an array, so `[null]` threw (a 500); this picks the
 * subtype itself and leaves anything but an object for IsObject to refuse, naming the field.
 */
export function CredentialField(): PropertyDecorator {
  return applyDecorators(
    IsObject(),
    ValidateNested(),
    Type((options) => credentialSubtype(options?.object[options.property])),
  );
}

function credentialSubtype(value: unknown): abstract new () => CredentialDto {
  const type = value !== null && typeof value === 'object' && 'type' in value ? value.type : undefined;
  return CREDENTIAL_SUBTYPES.find((subtype) => subtype.name === type)?.value ?? CredentialDto;
}

/** Credentials that act as the control plane's own identity: only platform admins may register with them. */
export const AMBIENT_CREDENTIAL_TYPES = [
  'aws-default-chain',
  'gcp-application-default',
  'azure-default',
  'azure-workload-identity',
];
