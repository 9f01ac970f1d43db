import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { IsDefined, IsOptional, Matches } from 'class-validator';
import { IsLabelMap, TaggedUnion } from '@fleetplane/http';
import { DNS_LABEL } from '../../teams/dto/team.dto';
import { ENVIRONMENT_DEFAULT_DESCRIPTION } from '../cluster-facts';
import {
  AksRefDto,
  CLUSTER_REF_SUBTYPES,
  ClusterRefDto,
  EksRefDto,
  GkeRefDto,
  KubeconfigRefDto,
  SandboxRefDto,
} from './cluster-ref.dto';
import { CREDENTIAL_SUBTYPES, CredentialDto } from './credential.dto';

const REF_SCHEMAS = [EksRefDto, GkeRefDto, AksRefDto, KubeconfigRefDto, SandboxRefDto];
const CREDENTIAL_SCHEMAS = CREDENTIAL_SUBTYPES.map((subtype) => subtype.value);

@ApiExtraModels(...REF_SCHEMAS, ...CREDENTIAL_SCHEMAS)
export class RegisterClusterDto {
  @ApiProperty({ example: 'prod-eks-use1', description: 'Fleet-wide unique name, a DNS label.' })
  @Matches(DNS_LABEL, { message: 'must be a DNS label (lowercase letters, digits and -, at most 63 characters)' })
  name: string;

  @ApiPropertyOptional({ example: 'payments', description: "The owning team; default the caller's." })
  @IsOptional()
  @Matches(DNS_LABEL, { message: 'must be a DNS label' })
  team?: string;

  @ApiPropertyOptional({ example: 'prod', description: ENVIRONMENT_DEFAULT_DESCRIPTION })
  @IsOptional()
  @Matches(DNS_LABEL, { message: 'must be a DNS label' })
  environment?: string;

  @ApiPropertyOptional({ example: { tier: 'critical' } })
  @IsOptional()
  @IsLabelMap()
  labels?: Record<string, string>;

  @ApiPropertyOptional({ example: { 'fleetplane.io/owner': 'sre@acme.example' } })
  @IsOptional()
  @IsLabelMap({ annotations: true })
  annotations?: Record<string, string>;

  @ApiProperty({
    oneOf: REF_SCHEMAS.map((schema) => ({ $ref: getSchemaPath(schema) })),
    description: 'Where the cloud knows the cluster.',
  })
  @IsDefined()
  @TaggedUnion(ClusterRefDto, 'provider', CLUSTER_REF_SUBTYPES)
  ref: ClusterRefDto;

  @ApiProperty({
    oneOf: CREDENTIAL_SCHEMAS.map((schema) => ({ $ref: getSchemaPath(schema) })),
    description: 'Stored encrypted; never returned.',
  })
  @IsDefined()
  @TaggedUnion(CredentialDto, 'type', CREDENTIAL_SUBTYPES)
  credential: CredentialDto;
}
