import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Idempotent, PageQuery, Reply, reply } from '@fleetplane/http';
import type { Principal } from '@fleetplane/http';
import { CurrentPrincipal, RequireRole } from '@fleetplane/security';
import { EnvironmentDiff } from './environment-diff';
import { EnvironmentPins } from './environment-pins';
import { EnvironmentTimeline } from './environment-timeline';
import { EnvironmentsService } from './environments.service';
import {
  CreateEnvironmentDto,
  EnvironmentDiffQuery,
  EnvironmentPage,
  ReleaseDifferenceView,
  EnvironmentReleaseView,
  EnvironmentView,
  UpdateEnvironmentDto,
} from './dto/environment.dto';
import { TimelinePage, TimelineQuery } from './dto/timeline.dto';

@ApiTags('environments')
@Controller('environments')
export class EnvironmentsController {
  constructor(
    private readonly environments: EnvironmentsService,
    private readonly pins: EnvironmentPins,
    private readonly diff: EnvironmentDiff,
    private readonly timeline: EnvironmentTimeline,
  ) {}

  @Post()
  @Idempotent()
  @RequireRole('operator')
  @ApiOperation({
    summary: 'Create an environment of the team',
    description:
      'Placement and strategy get the checks a deployment gets (422 naming the field); a freeze with a bad cron or time zone is a 422 naming it.',
  })
  @ApiCreatedResponse({ type: EnvironmentView })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() input: CreateEnvironmentDto,
  ): Promise<Reply<EnvironmentView>> {
    const environment = await this.environments.create(principal, input);
    return reply(EnvironmentView.of(environment), {
      location: `/v1/environments/${environment.name}`,
      version: environment.version,
    });
  }

  @Get()
  @RequireRole('viewer')
  @ApiOperation({ summary: 'List environments, newest first' })
  @ApiOkResponse({ type: EnvironmentPage })
  async list(@CurrentPrincipal() principal: Principal, @Query() page: PageQuery): Promise<EnvironmentPage> {
    const { items, nextCursor } = await this.environments.list(principal, page);
    return { items: items.map(EnvironmentView.of), nextCursor };
  }

  @Get(':name')
  @RequireRole('viewer')
  @ApiOperation({ summary: "Get one of the team's environments" })
  @ApiOkResponse({ type: EnvironmentView })
  async get(@CurrentPrincipal() principal: Principal, @Param('name') name: string): Promise<Reply<EnvironmentView>> {
    const environment = await this.environments.get(principal, name);
    return reply(EnvironmentView.of(environment), { version: environment.version });
  }

  @Patch(':name')
  @RequireRole('operator')
  @ApiOperation({ summary: "Change an environment's placement, strategy, freezes or bindings environment" })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The ETag last read; 412 if it changed since.' })
  @ApiOkResponse({ type: EnvironmentView })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('name') name: string,
    @Body() input: UpdateEnvironmentDto,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<Reply<EnvironmentView>> {
    const environment = await this.environments.update(principal, name, input, ifMatch);
    return reply(EnvironmentView.of(environment), { version: environment.version });
  }

  @Delete(':name')
  @HttpCode(204)
  @RequireRole('operator')
  @ApiOperation({ summary: 'Remove an environment no pipeline or promotion names (409 otherwise)' })
  @ApiNoContentResponse()
  async remove(@CurrentPrincipal() principal: Principal, @Param('name') name: string): Promise<void> {
    await this.environments.remove(principal, name);
  }

  @Get(':name/releases')
  @RequireRole('viewer')
  @ApiOperation({ summary: 'What each application runs in the environment, by which promotion, and its pin' })
  @ApiOkResponse({ type: [EnvironmentReleaseView] })
  async releases(
    @CurrentPrincipal() principal: Principal,
    @Param('name') name: string,
  ): Promise<EnvironmentReleaseView[]> {
    return (await this.pins.releases(principal, name)).map(({ row, application, release }) => ({
      application,
      release,
      promotionId: row.promotionId,
      pinned: row.pinned,
      pinnedBy: row.pinnedBy,
      pinReason: row.pinReason,
      pinnedAt: row.pinnedAt?.toISOString() ?? null,
      updatedAt: row.updatedAt.toISOString(),
    }));
  }

  @Get(':name/diff')
  @RequireRole('viewer')
  @ApiOperation({ summary: 'Release versions per application here and in another environment, side by side' })
  @ApiOkResponse({ type: [ReleaseDifferenceView] })
  releaseDiff(
    @CurrentPrincipal() principal: Principal,
    @Param('name') name: string,
    @Query() query: EnvironmentDiffQuery,
  ): Promise<ReleaseDifferenceView[]> {
    return this.diff.releases(principal, name, query.with);
  }

  @Get(':name/timeline')
  @RequireRole('viewer')
  @ApiOperation({
    summary: 'What happened in the environment, newest first',
    description:
      'Each promotion into it (requested, every state move with its gate results and evidence, approvals and declines, the outcome), and the pins of manual rollbacks and the unpins; `application` keeps what concerned one application.',
  })
  @ApiOkResponse({ type: TimelinePage })
  history(
    @CurrentPrincipal() principal: Principal,
    @Param('name') name: string,
    @Query() query: TimelineQuery,
  ): Promise<TimelinePage> {
    return this.timeline.list(principal, name, query);
  }

  @Post(':name/releases/:application/unpin')
  @HttpCode(204)
  @RequireRole('operator')
  @ApiOperation({ summary: 'Unpin an application a manual rollback pinned: automatic promotions may move it again' })
  @ApiNoContentResponse()
  async unpin(
    @CurrentPrincipal() principal: Principal,
    @Param('name') name: string,
    @Param('application') application: string,
  ): Promise<void> {
    await this.pins.unpin(principal, name, application);
  }
}
