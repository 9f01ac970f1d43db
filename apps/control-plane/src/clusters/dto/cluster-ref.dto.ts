import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsLabelMap } from '@fleetplane/http';

/** Where the cloud knows the cluster. `provider` picks the shape; each shape is validated on its own. */
export abstract class ClusterRefDto {
  @ApiProperty({ enum: ['eks', 'gke', 'aks', 'kubeconfig', 'sandbox'] })
  @IsIn(['eks', 'gke', 'aks', 'kubeconfig', 'sandbox'])
  provider: 'eks' | 'gke' | 'aks' | 'kubeconfig' | 'sandbox';
}

const CLOUD_NAME = /^[A-Za-z0-9][-A-Za-z0-9_.]{0,99}$/;

export class EksRefDto extends ClusterRefDto {
  declare provider: 'eks';

  @ApiProperty({ example: 'us-east-1' })
  @Matches(/^[a-z]{2}(-[a-z]+)+-\d$/, { message: 'must be an AWS region such as us-east-1' })
  region: string;

  @ApiProperty({ example: 'prod-use1', description: 'The EKS cluster name.' })
  @Matches(CLOUD_NAME, { message: 'must be an EKS cluster name (letters, digits, -, _)' })
  name: string;
}

export class GkeRefDto extends ClusterRefDto {
  declare provider: 'gke';

  @ApiProperty({ example: 'acme-prod' })
  @Matches(/^[a-z][-a-z0-9]{4,28}[a-z0-9]$/, { message: 'must be a GCP project id' })
  projectId: string;

  @ApiProperty({ example: 'europe-west1', description: 'A region (regional cluster) or zone (zonal cluster).' })
  @Matches(/^[a-z]+-[a-z]+\d(-[a-z])?$/, {
    message: 'must be a GCP region or zone such as europe-west1 or europe-west1-b',
  })
  location: string;

  @ApiProperty({ example: 'prod-euw1' })
  @Matches(/^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$/, { message: 'must be a GKE cluster name' })
  name: string;
}

export class AksRefDto extends ClusterRefDto {
  declare provider: 'aks';

  @ApiProperty({ example: '00000000-0000-0000-0000-000000000000' })
  @Matches(/^[0-9a-fA-F-]{36}$/, { message: 'must be an Azure subscription id (a GUID)' })
  subscriptionId: string;

  @ApiProperty({ example: 'rg-prod' })
  @Matches(/^[-\w.()]{1,90}$/, { message: 'must be an Azure resource group name' })
  resourceGroup: string;

  @ApiProperty({ example: 'prod-weu' })
  @Matches(CLOUD_NAME, { message: 'must be an AKS cluster name' })
  name: string;
}

export class KubeconfigRefDto extends ClusterRefDto {
  declare provider: 'kubeconfig';

  @ApiProperty({ example: 'kind-dev', description: 'The kubeconfig context that selects the cluster and user.' })
  @IsString()
  @MaxLength(253)
  context: string;
}

export class SandboxRefDto extends ClusterRefDto {
  declare provider: 'sandbox';

  @ApiProperty({ example: 'sandbox-1' })
  @Matches(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, { message: 'must be a sandbox cluster name' })
  name: string;

  @ApiPropertyOptional({
    example: { cloud: 'aws', region: 'us-east-1' },
    description: 'The flavour the sandbox cluster was started with.',
  })
  @IsOptional()
  @IsLabelMap()
  labels?: Record<string, string>;
}

export const CLUSTER_REF_SUBTYPES = [
  { value: EksRefDto, name: 'eks' },
  { value: GkeRefDto, name: 'gke' },
  { value: AksRefDto, name: 'aks' },
  { value: KubeconfigRefDto, name: 'kubeconfig' },
  { value: SandboxRefDto, name: 'sandbox' },
];
