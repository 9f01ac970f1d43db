import { Body, Controller, Get, Headers, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Idempotent, PageQuery, Reply, reply } from '@fleetplane/http';
import type { Principal } from '@fleetplane/http';
import { CurrentPrincipal, RequireRole } from '@fleetplane/security';
import { ApplicationsService } from './applications.service';
import {
  ApplicationPage,
  ApplicationView,
  CreateApplicationDto,
  CreateReleaseDto,
  ReleaseManifestsView,
  ReleasePage,
  ReleaseView,
  UpdateApplicationDto,
} from './dto/application.dto';

@ApiTags('applications')
@Controller('applications')
export class ApplicationsController {
  constructor(private readonly applications: ApplicationsService) {}

  @Post()
  @Idempotent()
  @RequireRole('operator')
  @ApiOperation({ summary: 'Create an application' })
  @ApiCreatedResponse({ type: ApplicationView })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() input: CreateApplicationDto,
  ): Promise<Reply<ApplicationView>> {
    const application = await this.applications.create(principal, input);
    return reply(ApplicationView.of(application), { location: `/v1/applications/${application.name}` });
  }

  @Get()
  @RequireRole('viewer')
  @ApiOperation({ summary: 'List applications' })
  @ApiOkResponse({ type: ApplicationPage })
  async list(@CurrentPrincipal() principal: Principal, @Query() page: PageQuery): Promise<ApplicationPage> {
    const { items, nextCursor } = await this.applications.list(principal, page);
    return { items: items.map(ApplicationView.of), nextCursor };
  }

  @Get(':name')
  @RequireRole('viewer')
  @ApiOperation({ summary: 'Get an application' })
  @ApiOkResponse({ type: ApplicationView })
  async get(@CurrentPrincipal() principal: Principal, @Param('name') name: string): Promise<Reply<ApplicationView>> {
    const application = await this.applications.get(principal, name);
    return reply(ApplicationView.of(application), { version: application.version });
  }

  @Patch(':name')
  @RequireRole('operator')
  @ApiOperation({ summary: 'Switch automatic drift reconcile on or off' })
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'The ETag last read; 412 if the application changed since.',
  })
  @ApiOkResponse({ type: ApplicationView })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('name') name: string,
    @Body() input: UpdateApplicationDto,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<Reply<ApplicationView>> {
    const application = await this.applications.update(principal, name, input, ifMatch);
    return reply(ApplicationView.of(application), { version: application.version });
  }

  @Post(':name/releases')
  @RequireRole('operator')
  @ApiOperation({
    summary: 'Create an immutable release from Kubernetes manifests',
    description:
      'Validated before anything is stored: each problem names its document index, field path and line. The same version with the same content returns the stored release (200); with other content, 409.',
  })
  @ApiCreatedResponse({ type: ReleaseView })
  async createRelease(
    @CurrentPrincipal() principal: Principal,
    @Param('name') name: string,
    @Body() input: CreateReleaseDto,
  ): Promise<Reply<ReleaseView>> {
    const { release, created } = await this.applications.createRelease(principal, name, input);
    return reply(ReleaseView.of(release, name), {
      status: created ? HttpStatus.CREATED : HttpStatus.OK,
      location: `/v1/applications/${name}/releases/${release.version}`,
    });
  }

  @Get(':name/releases')
  @RequireRole('viewer')
  @ApiOperation({ summary: "List an application's releases, newest first" })
  @ApiOkResponse({ type: ReleasePage })
  async listReleases(
    @CurrentPrincipal() principal: Principal,
    @Param('name') name: string,
    @Query() page: PageQuery,
  ): Promise<ReleasePage> {
    const { page: releases } = await this.applications.listReleases(principal, name, page);
    return { items: releases.items.map((release) => ReleaseView.of(release, name)), nextCursor: releases.nextCursor };
  }

  @Get(':name/releases/:version')
  @RequireRole('viewer')
  @ApiOperation({ summary: 'Get a release' })
  @ApiOkResponse({ type: ReleaseView })
  async getRelease(
    @CurrentPrincipal() principal: Principal,
    @Param('name') name: string,
    @Param('version') version: string,
  ): Promise<ReleaseView> {
    const { release } = await this.applications.getRelease(principal, name, version);
    return ReleaseView.of(release, name);
  }

  @Get(':name/releases/:version/manifests')
  @RequireRole('viewer')
  @ApiOperation({ summary: "A release's objects in full, Secrets without their values" })
  @ApiOkResponse({ type: ReleaseManifestsView })
  async getReleaseManifests(
    @CurrentPrincipal() principal: Principal,
    @Param('name') name: string,
    @Param('version') version: string,
  ): Promise<ReleaseManifestsView> {
    const { release } = await this.applications.getRelease(principal, name, version);
    return ReleaseManifestsView.of(release, name);
  }
}
