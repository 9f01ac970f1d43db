import { Body, Controller, Get, Header, HttpCode, Post, Query, Redirect, Req } from '@nestjs/common';
import { ApiFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@fleetplane/http';
import { CurrentPrincipal, Public, RequireRole } from '@fleetplane/security';
import type { Request } from 'express';
import { SessionView } from './dto/session.dto';
import { LoginQuery, RedeemHandoffDto, RedeemedSessionView, SsoStatusView } from './dto/sso.dto';
import { OidcClient } from './oidc-client';
import { SessionsService } from './sessions.service';
import { SsoLoginService } from './sso-login.service';

/** Where a browser is sent, and how (Nest's `@Redirect` reads this from the handler's result). */
interface RedirectTo {
  url: string;
}

@ApiTags('sso')
@Controller('auth')
export class SsoController {
  constructor(
    private readonly oidc: OidcClient,
    private readonly logins: SsoLoginService,
    private readonly sessions: SessionsService,
  ) {}

  @Get('sso')
  @Public('the sign-in page asks whether single sign-on is offered before anyone is signed in')
  @ApiOperation({ summary: 'Whether single sign-on is configured, and with which identity provider' })
  @ApiOkResponse({ type: SsoStatusView })
  status(): SsoStatusView {
    return { enabled: this.oidc.issuer !== undefined, issuer: this.oidc.issuer ?? null };
  }

  @Get('sso/login')
  @Public('it starts a sign-in, which is how a person without a token gets one')
  @Redirect()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: "Start a sign-in: redirects to the identity provider's login (PKCE, state, nonce)" })
  @ApiFoundResponse({ description: 'To the identity provider.' })
  async login(@Query() query: LoginQuery): Promise<RedirectTo> {
    const url = await this.logins.begin({ challenge: query.challenge, cliPort: query.cliPort });
    return { url: url.toString() };
  }

  @Get('sso/callback')
  @Public("the identity provider sends the person's browser back here with a code")
  @Redirect()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: "The identity provider's redirect: signs the person in and sends them on with a handoff code",
    description:
      'Redirects to the console (`/#sso=<code>`) or to the CLI on 127.0.0.1; 403 when no group mapping grants the person a team (no session is created).',
  })
  @ApiFoundResponse({ description: 'To the console or the CLI, with a single-use handoff code.' })
  async callback(@Req() request: Request): Promise<RedirectTo> {
    // The provider's parameters (code, state, iss, error...) are checked by the OpenID Connect client.
    const query = new URL(request.originalUrl, 'http://callback').searchParams;
    return { url: await this.logins.complete(query) };
  }

  @Post('sso/session')
  @HttpCode(200)
  @Public('it trades a handoff code, the proof of a completed sign-in, for the session token')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: "Redeem a sign-in's handoff code (once, within 60 s) for the session token" })
  @ApiOkResponse({ type: RedeemedSessionView })
  async redeem(@Body() input: RedeemHandoffDto): Promise<RedeemedSessionView> {
    const { token, session } = await this.logins.redeem(input.code, input.verifier);
    return { token, session: SessionView.of(session) };
  }

  @Post('logout')
  @HttpCode(200)
  @RequireRole('viewer')
  @ApiOperation({ summary: "Sign out: revoke the caller's own single sign-on session" })
  @ApiOkResponse({ type: SessionView })
  async logout(@CurrentPrincipal() principal: Principal): Promise<SessionView> {
    return SessionView.of(await this.sessions.logout(principal));
  }
}
