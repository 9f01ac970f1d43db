import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, Matches } from 'class-validator';
import { IsLabelMap } from '@fleetplane/http';
import { DNS_LABEL } from '../../teams/dto/team.dto';

/** Replaces what it names; what it leaves out stays as it is. */
export class UpdateClusterDto {
  @ApiPropertyOptional({ example: { tier: 'critical' }, description: 'Replaces every label.' })
  @IsOptional()
  @IsLabelMap()
  labels?: Record<string, string>;

  @ApiPropertyOptional({ example: {}, description: 'Replaces every annotation.' })
  @IsOptional()
  @IsLabelMap({ annotations: true })
  annotations?: Record<string, string>;

  @ApiPropertyOptional({ example: 'prod' })
  @IsOptional()
  @Matches(DNS_LABEL, { message: 'must be a DNS label' })
  environment?: string;
}

export class DeregisterQuery {
  @ApiPropertyOptional({
    default: false,
    description: 'Deregister even while deployments target the cluster (admins only).',
  })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  force?: boolean;
}
