import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min, ValidateIf } from 'class-validator';
import { SessionView } from './session.dto';

const BASE64URL_43_TO_128 = /^[A-Za-z0-9_-]{43,128}$/;

export class SsoStatusView {
  @ApiProperty({ description: 'Whether people can sign in through the identity provider.' })
  enabled: boolean;

  @ApiProperty({ type: String, nullable: true, example: 'https://login.example.com' })
  issuer: string | null;
}

const isCliLogin = (query: LoginQuery) => query.cliPort !== undefined || query.cliChallenge !== undefined;

/** Without parameters, a console sign-in; with both, one for `fleetplane login --sso`. */
export class LoginQuery {
  @ApiPropertyOptional({ description: 'The loopback port the CLI listens on for the handoff code.', example: 52114 })
  @ValidateIf(isCliLogin)
  @Type(() => Number)
  @IsInt({ message: 'must be a port number, given together with cliChallenge' })
  @Min(1024)
  @Max(65535)
  cliPort?: number;

  @ApiPropertyOptional({ description: 'S256 challenge of a verifier the CLI keeps, as in PKCE (RFC 7636).' })
  @ValidateIf(isCliLogin)
  @Matches(/^[A-Za-z0-9_-]{43}$/, {
    message: 'must be a base64url SHA-256 (43 characters), given together with cliPort',
  })
  cliChallenge?: string;
}

export class RedeemHandoffDto {
  @ApiProperty({ description: 'The single-use handoff code from the sign-in redirect.' })
  @IsString()
  @Matches(BASE64URL_43_TO_128, { message: 'must be a handoff code' })
  code: string;

  @ApiPropertyOptional({ description: "For a CLI sign-in: the verifier of the sign-in's challenge." })
  @IsOptional()
  @Matches(BASE64URL_43_TO_128, { message: 'must be 43 to 128 base64url characters' })
  verifier?: string;
}

export class RedeemedSessionView {
  @ApiProperty({ example: 'fps_Q2x9aBc…', description: 'The session token, as a Bearer token. Shown once.' })
  token: string;

  @ApiProperty({ type: SessionView })
  session: SessionView;
}
