import { Body, Controller, Delete, Get, Header, HttpCode, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Reply, UuidParam, reply } from '@fleetplane/http';
import type { Principal } from '@fleetplane/http';
import { CurrentPrincipal, RequireRole, isPlatformAdmin } from '@fleetplane/security';
import { CreateTokenDto, CreatedTokenView, TokenPage, TokenQuery, TokenView, WhoAmIView } from './dto/token.dto';
import { TokensService } from './tokens.service';

@ApiTags('tokens')
@Controller()
export class TokensController {
  constructor(private readonly tokens: TokensService) {}

  @Get('whoami')
  @RequireRole('viewer')
  @ApiOperation({ summary: 'Who the caller is: the token, or the person signed in, with team and role' })
  @ApiOkResponse({ type: WhoAmIView })
  whoami(@CurrentPrincipal() principal: Principal): WhoAmIView {
    return { ...principal, person: principal.person ?? null, platformAdmin: isPlatformAdmin(principal) };
  }

  @Post('tokens')
  @RequireRole('admin')
  @ApiOperation({
    summary: 'Create an API token',
    description:
      'The token is in this response only. Not idempotent on purpose: a replayed response would have to keep the token in clear; a retry creates a second token and the unused one can be revoked.',
  })
  @ApiCreatedResponse({ type: CreatedTokenView })
  @Header('Cache-Control', 'no-store')
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() input: CreateTokenDto,
  ): Promise<Reply<CreatedTokenView>> {
    const { token, entity } = await this.tokens.create(principal, input);
    return reply({ ...TokenView.of(entity), token }, { location: `/v1/tokens/${entity.id}` });
  }

  @Get('tokens')
  @RequireRole('viewer')
  @ApiOperation({ summary: "List tokens (the caller's team; every team for platform admins)" })
  @ApiOkResponse({ type: TokenPage })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: TokenQuery): Promise<TokenPage> {
    const { items, nextCursor } = await this.tokens.list(principal, query);
    return { items: items.map(TokenView.of), nextCursor };
  }

  @Get('tokens/:id')
  @RequireRole('viewer')
  @ApiOperation({ summary: 'Get a token (never the secret)' })
  @ApiOkResponse({ type: TokenView })
  async get(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string): Promise<TokenView> {
    return TokenView.of(await this.tokens.get(principal, id));
  }

  @Delete('tokens/:id')
  @HttpCode(200)
  @RequireRole('viewer')
  @ApiOperation({ summary: 'Revoke a token (its own token: any role; another: admin of its team)' })
  @ApiOkResponse({ type: TokenView })
  async revoke(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string): Promise<TokenView> {
    return TokenView.of(await this.tokens.revoke(principal, id));
  }
}
