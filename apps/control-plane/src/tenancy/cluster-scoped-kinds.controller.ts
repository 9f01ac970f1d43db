import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@fleetplane/http';
import { CurrentPrincipal, RequireRole } from '@fleetplane/security';
import { ClusterScopedKindsService } from './cluster-scoped-kinds.service';
import { ClusterScopedKindsView, PutClusterScopedKindsDto } from './dto/cluster-scoped-kinds.dto';

@ApiTags('tenancy')
@Controller('cluster-scoped-kinds')
export class ClusterScopedKindsController {
  constructor(private readonly policies: ClusterScopedKindsService) {}

  @Get(':team')
  @RequireRole('viewer')
  @ApiOperation({ summary: "A team's cluster-scoped kinds policy (the platform team may use every kind)" })
  @ApiOkResponse({ type: ClusterScopedKindsView })
  async get(@CurrentPrincipal() principal: Principal, @Param('team') team: string): Promise<ClusterScopedKindsView> {
    return ClusterScopedKindsView.of(team, await this.policies.get(principal, team));
  }

  @Put(':team')
  @RequireRole('admin')
  @ApiOperation({ summary: 'Set the cluster-scoped kinds a team may use (platform admins only)' })
  @ApiOkResponse({ type: ClusterScopedKindsView })
  async put(
    @CurrentPrincipal() principal: Principal,
    @Param('team') team: string,
    @Body() input: PutClusterScopedKindsDto,
  ): Promise<ClusterScopedKindsView> {
    return ClusterScopedKindsView.of(team, await this.policies.put(principal, team, input.allowedKinds));
  }
}
