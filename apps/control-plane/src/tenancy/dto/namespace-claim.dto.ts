import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { PageOf, PageQuery } from '@fleetplane/http';
import { DNS_LABEL } from '../../teams/dto/team.dto';

const APPLICATION_NAME = /^[a-z0-9]([-a-z0-9]{0,51}[a-z0-9])?$/;

export class GrantNamespaceClaimDto {
  @ApiProperty({ example: 'payments', description: 'The namespace to claim.' })
  @Matches(DNS_LABEL, { message: 'must be a namespace name (a DNS label)' })
  namespace: string;

  @ApiProperty({ example: 'ledger', description: 'The application that may deploy into it.' })
  @Matches(APPLICATION_NAME, { message: 'must be an application name' })
  application: string;

  @ApiPropertyOptional({ example: 'sandbox-1', description: 'Only on this cluster; default every cluster.' })
  @IsOptional()
  @Matches(DNS_LABEL, { message: 'must be a cluster name' })
  cluster?: string;
}

export class NamespaceClaimQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'payments' })
  @IsOptional()
  @Matches(DNS_LABEL, { message: 'must be a namespace name (a DNS label)' })
  namespace?: string;

  @ApiPropertyOptional({ example: 'ledger' })
  @IsOptional()
  @Matches(APPLICATION_NAME, { message: 'must be an application name' })
  application?: string;
}

export class NamespaceClaimView {
  @ApiProperty({ example: '5b0c2f7e-8a8e-4c55-9d0a-3d6c1a1f2b9e' })
  id: string;

  @ApiProperty({ example: 'payments' })
  namespace: string;

  @ApiProperty({ type: String, nullable: true, example: null, description: 'Null: on every cluster.' })
  cluster: string | null;

  @ApiProperty({ example: 'ledger' })
  application: string;

  @ApiProperty({ example: 'payments', description: "The application's team." })
  team: string;

  @ApiProperty({ example: 'token:0d9f…' })
  grantedBy: string;

  @ApiProperty({ example: 'payments', description: 'The team of the token that granted it.' })
  grantedByTeam: string;

  @ApiProperty({ example: '2026-11-22T10:00:00.000Z' })
  createdAt: string;
}

export class NamespaceClaimPage extends PageOf(NamespaceClaimView) {}
