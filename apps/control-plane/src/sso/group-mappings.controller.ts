import { Body, Controller, Delete, Get, Headers, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { PageQuery, Reply, UuidParam, reply } from '@fleetplane/http';
import type { Principal } from '@fleetplane/http';
import { CurrentPrincipal, RequireRole } from '@fleetplane/security';
import {
  CreateGroupMappingDto,
  GroupMappingPage,
  GroupMappingView,
  UpdateGroupMappingDto,
} from './dto/group-mapping.dto';
import { GroupMappingsService } from './group-mappings.service';

@ApiTags('sso')
@Controller('sso/group-mappings')
export class GroupMappingsController {
  constructor(private readonly mappings: GroupMappingsService) {}

  @Post()
  @RequireRole('admin')
  @ApiOperation({
    summary: "Map an identity provider's group to a team and role (platform admins)",
    description:
      'A person whose groups map to no team is refused at sign-in (403); one whose groups map to several teams is refused too, as ambiguous; within one team the highest role wins.',
  })
  @ApiCreatedResponse({ type: GroupMappingView })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() input: CreateGroupMappingDto,
  ): Promise<Reply<GroupMappingView>> {
    const mapping = await this.mappings.create(principal, input);
    return reply(GroupMappingView.of(mapping), {
      location: `/v1/sso/group-mappings/${mapping.id}`,
      version: mapping.version,
    });
  }

  @Get()
  @RequireRole('admin')
  @ApiOperation({ summary: 'List the group mappings (platform admins)' })
  @ApiOkResponse({ type: GroupMappingPage })
  async list(@CurrentPrincipal() principal: Principal, @Query() page: PageQuery): Promise<GroupMappingPage> {
    const { items, nextCursor } = await this.mappings.list(principal, page);
    return { items: items.map(GroupMappingView.of), nextCursor };
  }

  @Get(':id')
  @RequireRole('admin')
  @ApiOperation({ summary: 'Get a group mapping (platform admins)' })
  @ApiOkResponse({ type: GroupMappingView })
  async get(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string): Promise<Reply<GroupMappingView>> {
    const mapping = await this.mappings.get(principal, id);
    return reply(GroupMappingView.of(mapping), { version: mapping.version });
  }

  @Patch(':id')
  @HttpCode(200)
  @RequireRole('admin')
  @ApiOperation({ summary: "Change a group mapping's team or role; sessions keep their grant until they end" })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The ETag last read; 412 if it changed since.' })
  @ApiOkResponse({ type: GroupMappingView })
  async update(
    @CurrentPrincipal() principal: Principal,
    @UuidParam('id') id: string,
    @Body() input: UpdateGroupMappingDto,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<Reply<GroupMappingView>> {
    const mapping = await this.mappings.update(principal, id, input, ifMatch);
    return reply(GroupMappingView.of(mapping), { version: mapping.version });
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireRole('admin')
  @ApiOperation({ summary: 'Delete a group mapping (platform admins)' })
  @ApiNoContentResponse()
  async remove(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string): Promise<void> {
    await this.mappings.remove(principal, id);
  }
}
