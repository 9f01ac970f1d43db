import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@fleetplane/http';
import { CurrentPrincipal, RequireRole } from '@fleetplane/security';
import { BindingsService } from './bindings.service';
import { ResolveQuery } from './dto/binding.dto';
import { BindingListView, ResolutionView } from './dto/views';

@ApiTags('bindings')
/** Reads of an application's bindings; the writes, which roll themselves out, are BindingChangesController's. */
@Controller('applications/:app/bindings')
export class BindingsController {
  constructor(private readonly bindings: BindingsService) {}

  @Get('resolve')
  @RequireRole('viewer')
  @ApiOperation({
    summary: 'What a cluster would get: each binding resolved and explained, credential values redacted',
  })
  @ApiOkResponse({ type: ResolutionView })
  resolve(
    @CurrentPrincipal() principal: Principal,
    @Param('app') app: string,
    @Query() query: ResolveQuery,
  ): Promise<ResolutionView> {
    return this.bindings.resolve(principal, app, query.cluster);
  }

  @Get()
  @RequireRole('viewer')
  @ApiOperation({ summary: "List an application's bindings, every name and scope" })
  @ApiOkResponse({ type: BindingListView })
  async list(@CurrentPrincipal() principal: Principal, @Param('app') app: string): Promise<BindingListView> {
    return { items: await this.bindings.list(principal, app) };
  }

  @Get(':name')
  @RequireRole('viewer')
  @ApiOperation({ summary: 'The bindings of one name, every scope' })
  @ApiOkResponse({ type: BindingListView })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('app') app: string,
    @Param('name') name: string,
  ): Promise<BindingListView> {
    return { items: await this.bindings.list(principal, app, name) };
  }
}
