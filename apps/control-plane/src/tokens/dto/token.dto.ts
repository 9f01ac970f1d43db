import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PageOf, PageQuery } from '@fleetplane/http';
import { ApiTokenEntity } from '@fleetplane/persistence';
import { ROLES } from '@fleetplane/security';
import type { Role } from '@fleetplane/security';
import { DNS_LABEL } from '../../teams/dto/team.dto';

export class CreateTokenDto {
  @ApiProperty({ example: 'ci-deployer', description: 'What the token is for.' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiPropertyOptional({
    example: 'payments',
    description: "The token's team; default the caller's. Other teams: platform admins only.",
  })
  @IsOptional()
  @Matches(DNS_LABEL, { message: 'must be a DNS label' })
  team?: string;

  @ApiProperty({ enum: ROLES, example: 'operator' })
  @IsIn(ROLES)
  role: Role;

  @ApiPropertyOptional({ minimum: 1, maximum: 365, default: 90, example: 30 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  expiresInDays?: number;
}

export class TokenQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'payments' })
  @IsOptional()
  @Matches(DNS_LABEL, { message: 'must be a DNS label' })
  team?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ default: false, description: 'Include revoked tokens.' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  includeRevoked?: boolean;
}

export class TokenView {
  @ApiProperty({ example: '5b0c2f7e-8a8e-4c55-9d0a-3d6c1a1f2b9e' })
  id: string;

  @ApiProperty({ example: 'ci-deployer' })
  name: string;

  @ApiProperty({ example: 'payments' })
  team: string;

  @ApiProperty({ enum: ROLES, example: 'operator' })
  role: Role;

  @ApiProperty({ example: 'fp_Q2x9aB', description: 'The first characters of the token, to tell tokens apart.' })
  hint: string;

  @ApiProperty({ example: '2027-02-20T10:00:00.000Z' })
  expiresAt: string;

  @ApiProperty({ type: String, nullable: true, example: null })
  revokedAt: string | null;

  @ApiProperty({ type: String, nullable: true, example: '2026-11-22T10:05:00.000Z', description: 'To the minute.' })
  lastUsedAt: string | null;

  @ApiProperty({ example: 'token:0d9f…', description: 'Who created it.' })
  createdBy: string;

  @ApiProperty({ example: '2026-11-22T10:00:00.000Z' })
  createdAt: string;

  static of(token: ApiTokenEntity): TokenView {
    return {
      id: token.id,
      name: token.name,
      team: token.teamName,
      role: token.role,
      hint: token.tokenHint,
      expiresAt: token.expiresAt.toISOString(),
      revokedAt: token.revokedAt?.toISOString() ?? null,
      lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
      createdBy: token.createdBy,
      createdAt: token.createdAt.toISOString(),
    };
  }
}

export class CreatedTokenView extends TokenView {
  @ApiProperty({ example: 'fp_Q2x9aBc…', description: 'The token itself. Shown only in this response: store it now.' })
  token: string;
}

export class TokenPage extends PageOf(TokenView) {}

export class PersonView {
  @ApiProperty({ description: 'The single sign-on session: what DELETE /v1/sessions/{id} or logout revokes.' })
  sessionId: string;
  @ApiProperty({ description: "The identity provider's subject (sub)." }) subject: string;
  @ApiProperty({ type: String, nullable: true }) name: string | null;
  @ApiProperty({ type: String, nullable: true }) email: string | null;
}

export class WhoAmIView {
  @ApiProperty({ description: "The API token's id, or the single sign-on session's." }) tokenId: string;
  @ApiProperty({ description: "The token's name, or the person's." }) tokenName: string;
  @ApiProperty({ example: 'user:ada@example.com', description: 'How the audit log names the caller.' })
  actor: string;
  @ApiProperty({ type: PersonView, nullable: true, description: 'The person, for a single sign-on session.' })
  person: PersonView | null;
  @ApiProperty() team: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ description: 'True for admins of the platform team, who administer every team.' })
  platformAdmin: boolean;
}
