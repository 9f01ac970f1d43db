import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '@fleetplane/http';
import { CLUSTER_HEALTH_STATES } from '@fleetplane/persistence';
import type { ClusterHealthState } from '@fleetplane/persistence';

export class ClusterQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['eks', 'gke', 'aks', 'kubeconfig', 'sandbox'] })
  @IsOptional()
  @IsIn(['eks', 'gke', 'aks', 'kubeconfig', 'sandbox'])
  provider?: string;

  @ApiPropertyOptional({ example: 'aws' })
  @IsOptional()
  @Matches(/^[a-z0-9-]{1,32}$/, { message: 'must be a cloud name such as aws, gcp or azure' })
  cloud?: string;

  @ApiPropertyOptional({ example: 'us-east-1' })
  @IsOptional()
  @Matches(/^[a-z0-9-]{1,64}$/, { message: 'must be a region name' })
  region?: string;

  @ApiPropertyOptional({ example: 'prod' })
  @IsOptional()
  @Matches(/^[a-z0-9-]{1,63}$/, { message: 'must be a DNS label' })
  environment?: string;

  @ApiPropertyOptional({ enum: CLUSTER_HEALTH_STATES })
  @IsOptional()
  @IsIn(CLUSTER_HEALTH_STATES)
  health?: ClusterHealthState;

  @ApiPropertyOptional({ example: 'payments' })
  @IsOptional()
  @Matches(/^[a-z0-9-]{1,63}$/, { message: 'must be a DNS label' })
  team?: string;

  @ApiPropertyOptional({
    example: 'tier=critical,env in (prod,staging),!legacy',
    description: 'A label selector in kubectl syntax.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  selector?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  cordoned?: boolean;
}
