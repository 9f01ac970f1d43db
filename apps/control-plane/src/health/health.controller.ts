import { Controller, Get, Header, HttpStatus, Inject, Req, Res } from '@nestjs/common';
import {
  ApiExcludeEndpoint,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { FLEETPLANE_CONFIG } from '@fleetplane/config';
import type { FleetplaneConfig } from '@fleetplane/config';
import { MetricsRegistry, Reply, reply } from '@fleetplane/http';
import { Database, migrationsApplied } from '@fleetplane/persistence';
import { PLATFORM_TEAM, Public, TokenAuthenticator } from '@fleetplane/security';
import type { Request, Response } from 'express';

interface ReadinessView {
  status: 'ready' | 'not-ready';
  checks: { database: 'ok' | 'unreachable'; migrations: 'applied' | 'pending' | 'unknown' };
}

/** Probes and metrics sit outside `/v1`: orchestrators and scrapers expect them at the root. */
@ApiTags('operability')
@Controller()
export class HealthController {
  constructor(
    private readonly database: Database,
    private readonly metrics: MetricsRegistry,
    private readonly authenticator: TokenAuthenticator,
    @Inject(FLEETPLANE_CONFIG) private readonly config: FleetplaneConfig,
  ) {}

  @Get('healthz')
  @Public('liveness probes carry no credentials')
  @ApiOperation({ summary: 'Liveness: the process is serving' })
  @ApiOkResponse({ schema: { example: { status: 'ok' } } })
  healthz(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('readyz')
  @Public('readiness probes carry no credentials')
  @ApiOperation({ summary: 'Readiness: the database answers and every migration is applied' })
  @ApiOkResponse({ schema: { example: { status: 'ready', checks: { database: 'ok', migrations: 'applied' } } } })
  @ApiServiceUnavailableResponse({ description: 'Not ready; `checks` says why.' })
  async readyz(): Promise<Reply<ReadinessView>> {
    const view = await this.readiness();
    return reply(view, { status: view.status === 'ready' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE });
  }

  @Get('metrics')
  @Public('Prometheus scrapes the aggregate series without credentials; per-cluster ones need a platform token')
  @Header('Cache-Control', 'no-store')
  @ApiExcludeEndpoint()
  async metricsText(@Req() request: Request, @Res() response: Response): Promise<void> {
    const perCluster = await this.showsPerClusterSeries(request);
    response.type(this.metrics.contentType).send(await this.metrics.exposition({ perCluster }));
  }

  /** Cluster names belong to teams: only the platform team, which sees every team's clusters, reads them. */
  private async showsPerClusterSeries(request: Request): Promise<boolean> {
    if (this.config.metricsPerCluster === 'public') return true;
    const authentication = await this.authenticator.authenticate(request);
    return authentication.kind === 'authenticated' && authentication.principal.team === PLATFORM_TEAM;
  }

  private async readiness(): Promise<ReadinessView> {
    try {
      await this.database.dataSource.query('SELECT 1');
    } catch {
      return { status: 'not-ready', checks: { database: 'unreachable', migrations: 'unknown' } };
    }
    const applied = await migrationsApplied(this.database.dataSource).catch(() => false);
    return {
      status: applied ? 'ready' : 'not-ready',
      checks: { database: 'ok', migrations: applied ? 'applied' : 'pending' },
    };
  }
}
