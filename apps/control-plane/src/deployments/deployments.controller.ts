import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Idempotent, Reply, UuidParam, problems, reply } from '@fleetplane/http';
import type { Principal } from '@fleetplane/http';
import { CurrentPrincipal, RequireRole } from '@fleetplane/security';
import type { Response } from 'express';
import { DeploymentEvents, EVENT_STREAM_HEADERS, eventsAfter, formatStreamError } from './deployment-events';
import { DeploymentCommands } from './deployment-commands';
import { DeploymentPlanner, DeploymentPreview } from './deployment-planner';
import { DeploymentDetails, DeploymentsService } from './deployments.service';
import {
  CreateDeploymentDto,
  DeploymentPage,
  DeploymentQuery,
  DeploymentView,
  RenderDeploymentDto,
  RollbackDto,
} from './dto/deployment.dto';

const view = ({ deployment, application, release, targets }: DeploymentDetails) =>
  DeploymentView.of(deployment, application.name, release.version, targets);

@ApiTags('deployments')
@Controller('deployments')
export class DeploymentsController {
  constructor(
    private readonly deployments: DeploymentsService,
    private readonly planner: DeploymentPlanner,
    private readonly commands: DeploymentCommands,
    private readonly events: DeploymentEvents,
  ) {}

  @Post()
  @Idempotent()
  @RequireRole('operator')
  @ApiOperation({
    summary: 'Fan a release out to the clusters a placement selects',
    description:
      'The application, release, placement, overrides and strategy are all checked before anything is stored or applied: an application or release that does not exist is a 422 naming the field, a placement that selects nothing a 422 naming the constraint that emptied it.',
  })
  @ApiCreatedResponse({ type: DeploymentView })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() input: CreateDeploymentDto,
  ): Promise<Reply<DeploymentView>> {
    const details = await this.commands.create(principal, input);
    return reply(view(details), { location: `/v1/deployments/${details.deployment.id}` });
  }

  @Post('render')
  @HttpCode(200)
  @RequireRole('viewer')
  @ApiOperation({ summary: 'Preview exactly what one cluster would receive, without applying anything' })
  @ApiOkResponse({ description: 'The rendered objects and the namespaces ensured first; binding values redacted.' })
  render(@CurrentPrincipal() principal: Principal, @Body() input: RenderDeploymentDto): Promise<DeploymentPreview> {
    return this.planner.preview(principal, input);
  }

  @Get()
  @RequireRole('viewer')
  @ApiOperation({ summary: 'List deployments, newest first' })
  @ApiOkResponse({ type: DeploymentPage })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: DeploymentQuery): Promise<DeploymentPage> {
    const page = await this.deployments.list(principal, query);
    return { items: page.items.map(view), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @RequireRole('viewer')
  @ApiOperation({ summary: 'A deployment with every cluster’s state, reason and Kubernetes condition messages' })
  @ApiOkResponse({ type: DeploymentView })
  async get(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string): Promise<DeploymentView> {
    return view(await this.deployments.details(principal, id));
  }

  @Get(':id/events')
  @RequireRole('viewer')
  @ApiProduces('text/event-stream')
  @ApiOperation({
    summary:
      'Live progress as Server-Sent Events (`deployment` and `target` events); ends when the deployment is final',
  })
  @ApiOkResponse({
    description: 'A text/event-stream of `deployment` and `target` events, each with an id for Last-Event-ID.',
  })
  async stream(
    @CurrentPrincipal() principal: Principal,
    @Param(
      'id',
      new ParseUUIDPipe({
        exceptionFactory: () => problems.validation([{ field: 'path.id', message: 'must be a UUID' }]),
      }),
    )
    id: string,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    const after = eventsAfter(lastEventId);
    await this.deployments.visible(principal, id);
    response.writeHead(200, EVENT_STREAM_HEADERS).flushHeaders();
    const left = new AbortController();
    response.on('close', () => left.abort());
    try {
      for await (const chunk of this.events.stream(id, after, left.signal)) response.write(chunk);
    } catch (error) {
      response.write(formatStreamError(error));
    }
    response.end();
  }

  @Post(':id/pause')
  @HttpCode(200)
  @RequireRole('operator')
  @ApiOperation({ summary: 'Pause: clusters in flight finish; no new cluster starts' })
  @ApiOkResponse({ type: DeploymentView })
  async pause(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string): Promise<DeploymentView> {
    return view(await this.commands.act(principal, id, 'pause'));
  }

  @Post(':id/resume')
  @HttpCode(200)
  @RequireRole('operator')
  @ApiOkResponse({ type: DeploymentView })
  @ApiOperation({ summary: 'Resume a paused deployment' })
  async resume(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string): Promise<DeploymentView> {
    return view(await this.commands.act(principal, id, 'resume'));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @RequireRole('operator')
  @ApiOkResponse({ type: DeploymentView })
  @ApiOperation({ summary: 'Cancel: clusters not yet started are skipped' })
  async cancel(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string): Promise<DeploymentView> {
    return view(await this.commands.act(principal, id, 'cancel'));
  }

  @Post(':id/approve')
  @HttpCode(200)
  @RequireRole('operator')
  @ApiOkResponse({ type: DeploymentView })
  @ApiOperation({ summary: 'Approve the next wave waiting behind an approval gate' })
  async approve(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string): Promise<DeploymentView> {
    return view(await this.commands.act(principal, id, 'approve'));
  }

  @Post(':id/rollback')
  @RequireRole('operator')
  @ApiOperation({ summary: 'Roll back: deploy the previous (or a named) release to the same clusters' })
  @ApiCreatedResponse({ type: DeploymentView })
  async rollback(
    @CurrentPrincipal() principal: Principal,
    @UuidParam('id') id: string,
    @Body() input: RollbackDto,
  ): Promise<DeploymentView> {
    return view(await this.commands.rollback(principal, id, input.release));
  }
}
