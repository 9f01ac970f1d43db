import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@fleetplane/http';
import { CurrentPrincipal, RequireRole } from '@fleetplane/security';
import { BindingStatus } from './binding-status';
import { BindingStatusListView, BindingStatusQuery } from './dto/binding-status.dto';

@ApiTags('bindings')
@Controller('applications/:app/binding-status')
export class BindingStatusController {
  constructor(private readonly status: BindingStatus) {}

  @Get()
  @RequireRole('viewer')
  @ApiOperation({
    summary: 'Per binding and cluster: the revision resolution gives now, the one applied, and a Ready condition',
    description:
      'Covers the clusters the application was deployed to, or the one named by `cluster`. Nothing is read from clusters or clouds: the applied side is what the rollout recorded.',
  })
  @ApiOkResponse({ type: BindingStatusListView })
  list(
    @CurrentPrincipal() principal: Principal,
    @Param('app') app: string,
    @Query() query: BindingStatusQuery,
  ): Promise<BindingStatusListView> {
    return this.status.of(principal, app, query);
  }
}
