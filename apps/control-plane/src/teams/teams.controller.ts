import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Idempotent, PageQuery, Reply, reply } from '@fleetplane/http';
import type { Principal } from '@fleetplane/http';
import { CurrentPrincipal, RequireRole } from '@fleetplane/security';
import { CreateTeamDto, TeamPage, TeamView, UpdateTeamDto } from './dto/team.dto';
import { TeamsService } from './teams.service';

@ApiTags('teams')
@Controller('teams')
export class TeamsController {
  constructor(private readonly teams: TeamsService) {}

  @Post()
  @Idempotent()
  @RequireRole('admin')
  @ApiOperation({ summary: 'Create a team (platform admins)' })
  @ApiCreatedResponse({ type: TeamView })
  async create(@CurrentPrincipal() principal: Principal, @Body() input: CreateTeamDto): Promise<Reply<TeamView>> {
    const team = await this.teams.create(principal, input);
    return reply(TeamView.of(team), { location: `/v1/teams/${team.name}`, version: team.version });
  }

  @Get()
  @RequireRole('viewer')
  @ApiOperation({ summary: 'List the teams the caller can see' })
  @ApiOkResponse({ type: TeamPage })
  async list(@CurrentPrincipal() principal: Principal, @Query() page: PageQuery): Promise<TeamPage> {
    const { items, nextCursor } = await this.teams.list(principal, page);
    return { items: items.map(TeamView.of), nextCursor };
  }

  @Get(':name')
  @RequireRole('viewer')
  @ApiOperation({ summary: 'Get a team' })
  @ApiOkResponse({ type: TeamView })
  async get(@CurrentPrincipal() principal: Principal, @Param('name') name: string): Promise<Reply<TeamView>> {
    const team = await this.teams.get(principal, name);
    return reply(TeamView.of(team), { version: team.version });
  }

  @Patch(':name')
  @HttpCode(200)
  @RequireRole('admin')
  @ApiOperation({ summary: "Update a team's description" })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The ETag last read; 412 if the team changed since.' })
  @ApiOkResponse({ type: TeamView })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('name') name: string,
    @Body() input: UpdateTeamDto,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<Reply<TeamView>> {
    const team = await this.teams.update(principal, name, input, ifMatch);
    return reply(TeamView.of(team), { version: team.version });
  }
}
