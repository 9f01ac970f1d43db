import { Controller, Get, Header, HttpStatus, Res } from '@nestjs/common';
import {
  ApiExcludeEndpoint,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { MetricsRegistry, Reply, reply } from '@fleetplane/http';
import { Database, migrationsApplied } from '@fleetplane/persistence';
import { Public } from '@fleetplane/security';
import type { Response } from 'express';

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
  @Public('Prometheus scrapes without credentials; restrict at the network')
  @Header('Cache-Control', 'no-store')
  @ApiExcludeEndpoint()
  async metricsText(@Res() response: Response): Promise<void> {
    response.type(this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
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
