import { Body, Controller, Delete, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UuidParam } from '@fleetplane/http';
import type { Principal } from '@fleetplane/http';
import { CurrentPrincipal, RequireRole } from '@fleetplane/security';
import type { Response } from 'express';
import {
  GrantNamespaceClaimDto,
  NamespaceClaimPage,
  NamespaceClaimQuery,
  NamespaceClaimView,
} from './dto/namespace-claim.dto';
import { NamespaceClaimsService } from './namespace-claims.service';

@ApiTags('tenancy')
@Controller('namespace-claims')
export class NamespaceClaimsController {
  constructor(private readonly claims: NamespaceClaimsService) {}

  @Get()
  @RequireRole('viewer')
  @ApiOperation({ summary: "List namespace claims (the caller's team's; every team's for platform admins)" })
  @ApiOkResponse({ type: NamespaceClaimPage })
  list(@CurrentPrincipal() principal: Principal, @Query() query: NamespaceClaimQuery): Promise<NamespaceClaimPage> {
    return this.claims.list(principal, query);
  }

  @Post()
  @RequireRole('admin')
  @ApiOperation({
    summary: 'Grant an application a namespace, on every cluster or on one',
    description:
      "A namespace no other team holds: an admin of the application's team. One another team holds: that team's admin (its consent) or a platform admin. Granting a claim that exists answers it again.",
  })
  @ApiCreatedResponse({ type: NamespaceClaimView })
  async grant(
    @CurrentPrincipal() principal: Principal,
    @Body() input: GrantNamespaceClaimDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<NamespaceClaimView> {
    const claim = await this.claims.grant(principal, input);
    response.setHeader('Location', `/v1/namespace-claims?namespace=${claim.namespace}`);
    return claim;
  }

  @Delete(':id')
  @HttpCode(200)
  @RequireRole('admin')
  @ApiOperation({
    summary: 'Revoke a namespace claim',
    description: "An application's last claim on its default namespace stays (409).",
  })
  @ApiOkResponse({ type: NamespaceClaimView })
  revoke(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string): Promise<NamespaceClaimView> {
    return this.claims.revoke(principal, id);
  }
}
