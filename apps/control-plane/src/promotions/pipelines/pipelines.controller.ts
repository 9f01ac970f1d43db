import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PageQuery } from '@fleetplane/http';
import type { Principal } from '@fleetplane/http';
import { CurrentPrincipal, RequireRole } from '@fleetplane/security';
import { PipelineDetails, PipelinesService } from './pipelines.service';
import { PipelinePage, PipelineView, SetPipelineDto } from './dto/pipeline.dto';

const view = ({ pipeline, application }: PipelineDetails): PipelineView => ({
  application: application.name,
  stages: pipeline.stages,
  updatedAt: pipeline.updatedAt.toISOString(),
});

@ApiTags('pipelines')
@Controller('pipelines')
export class PipelinesController {
  constructor(private readonly pipelines: PipelinesService) {}

  @Put(':application')
  @RequireRole('operator')
  @ApiOperation({
    summary: "Set an application's pipeline: its stages, their upstreams and gates",
    description:
      'A cycle, a repeated stage, an unknown upstream or an environment the team does not have is a 422 naming the field; nothing is written.',
  })
  @ApiOkResponse({ type: PipelineView })
  async set(
    @CurrentPrincipal() principal: Principal,
    @Param('application') application: string,
    @Body() input: SetPipelineDto,
  ): Promise<PipelineView> {
    return view(await this.pipelines.set(principal, application, input));
  }

  @Get()
  @RequireRole('viewer')
  @ApiOperation({ summary: 'List pipelines, newest first' })
  @ApiOkResponse({ type: PipelinePage })
  async list(@CurrentPrincipal() principal: Principal, @Query() page: PageQuery): Promise<PipelinePage> {
    const { items, nextCursor } = await this.pipelines.list(principal, page);
    return { items: items.map(view), nextCursor };
  }

  @Get(':application')
  @RequireRole('viewer')
  @ApiOperation({ summary: "An application's pipeline" })
  @ApiOkResponse({ type: PipelineView })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('application') application: string,
  ): Promise<PipelineView> {
    return view(await this.pipelines.get(principal, application));
  }

  @Delete(':application')
  @HttpCode(204)
  @RequireRole('operator')
  @ApiOperation({ summary: "Remove an application's pipeline (its promotions stay)" })
  @ApiNoContentResponse()
  async remove(@CurrentPrincipal() principal: Principal, @Param('application') application: string): Promise<void> {
    await this.pipelines.remove(principal, application);
  }
}
