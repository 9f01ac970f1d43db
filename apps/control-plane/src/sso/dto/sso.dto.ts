import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { SessionView } from './session.dto';

const BASE64URL_43_TO_128 = /^[A-Za-z0-9_-]{43,128}$/;

export class SsoStatusView {
  @ApiProperty({ description: 'Whether people can sign in through the identity provider.' })
  enabled: boolean;

  @ApiProperty({ type: String, nullable: true, example: 'https://login.example.com' })
  issuer: string | null;
}

const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

export class LoginQuery {
  @ApiProperty({
    description:
      'S256 challenge (RFC 7636) of a verifier the client keeps: redeeming the handoff code takes the verifier.',
    example: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
  })
  @Matches(S256_CHALLENGE, { message: 'must be a base64url SHA-256 (43 characters)' })
  challenge: string;

  @ApiPropertyOptional({
    description: 'For `fleetplane login --sso`: the loopback port the CLI listens on for the handoff code.',
    example: 52114,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(65535)
  cliPort?: number;
}

export class RedeemHandoffDto {
  @ApiProperty({ description: 'The single-use handoff code from the sign-in redirect.' })
  @IsString()
  @Matches(BASE64URL_43_TO_128, { message: 'must be a handoff code' })
  code: string;

  @ApiProperty({ description: "The verifier of the sign-in's challenge." })
  @Matches(BASE64URL_43_TO_128, { message: 'must be 43 to 128 base64url characters' })
  verifier: string;
}

export class RedeemedSessionView {
  @ApiProperty({ example: 'fps_Q2x9aBc…', description: 'The session token, as a Bearer token. Shown once.' })
  token: string;

  @ApiProperty({ type: SessionView })
  session: SessionView;
}
