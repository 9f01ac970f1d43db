import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@fleetplane/http';
import { CurrentPrincipal, RequireRole } from '@fleetplane/security';
import { ApplicationsService } from '../../applications/applications.service';
import { DriftBaselines } from './drift-baselines';
import { ClusterDrift, DriftChecker } from './drift-checker';

@ApiTags('applications')
@Controller('applications/:name/drift')
export class DriftController {
  constructor(
    private readonly applications: ApplicationsService,
    private readonly checker: DriftChecker,
    private readonly baselines: DriftBaselines,
  ) {}

  @Get()
  @RequireRole('viewer')
  @ApiOperation({ summary: 'Drift found by the last check: per cluster, the fields that differ from what was applied' })
  @ApiOkResponse({ description: 'One entry per cluster, against what its newest finished target applied there.' })
  async last(
    @CurrentPrincipal() principal: Principal,
    @Param('name') name: string,
  ): Promise<Array<Partial<ClusterDrift>>> {
    const application = await this.applications.get(principal, name);
    return (await this.baselines.of(application.id)).map(({ target }) => ({
      cluster: target.clusterName,
      deploymentId: target.deploymentId,
      checkedAt: target.driftCheckedAt?.toISOString(),
      inSync: target.drift ? target.drift.length === 0 : undefined,
      objects: (target.drift ?? []) as ClusterDrift['objects'],
    }));
  }

  @Post('check')
  @HttpCode(200)
  @RequireRole('operator')
  @ApiOperation({ summary: 'Check drift now (and reconcile, if the application asks for it)' })
  @ApiOkResponse({ description: 'One entry per cluster: whether it is in sync, and each drifted object and field.' })
  async check(@CurrentPrincipal() principal: Principal, @Param('name') name: string): Promise<ClusterDrift[]> {
    const application = await this.applications.get(principal, name);
    this.applications.assertCanChange(principal, application.team);
    return this.checker.checkApplication(application);
  }
}
