import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Idempotent, PageQuery, Reply, reply } from '@fleetplane/http';
import type { Principal } from '@fleetplane/http';
import type { ClusterRef, ProviderCredential } from '@fleetplane/providers';
import { CurrentPrincipal, RequireRole } from '@fleetplane/security';
import { ClusterHealthService } from './health/cluster-health.service';
import { ClusterImportService } from './cluster-import.service';
import { ClustersService } from './clusters.service';
import { ClusterHealthReportView } from './health/cluster-health.view';
import { ClusterPage, ClusterView } from './dto/cluster.view';
import { ClusterQuery } from './dto/cluster-query.dto';
import { ImportClustersDto, ImportResultView } from './dto/import-clusters.dto';
import { RegisterClusterDto } from './dto/register-cluster.dto';
import { DeregisterQuery, UpdateClusterDto } from './dto/update-cluster.dto';

@ApiTags('clusters')
@Controller('clusters')
export class ClustersController {
  constructor(
    private readonly clusters: ClustersService,
    private readonly importer: ClusterImportService,
    private readonly health: ClusterHealthService,
  ) {}

  @Post()
  @Idempotent()
  @RequireRole('operator')
  @ApiOperation({
    summary: 'Register a cluster',
    description:
      "Describes it in its cloud first; a cluster the cloud does not know is refused with 404 and the cloud's error code.",
  })
  @ApiCreatedResponse({ type: ClusterView })
  async register(
    @CurrentPrincipal() principal: Principal,
    @Body() input: RegisterClusterDto,
  ): Promise<Reply<ClusterView>> {
    const registration = {
      name: input.name,
      team: input.team ?? principal.team,
      environment: input.environment,
      labels: input.labels ?? {},
      annotations: input.annotations ?? {},
      ref: { ...input.ref } as ClusterRef,
      credential: { ...input.credential } as ProviderCredential,
    };
    this.clusters.authorize(principal, registration);
    const cluster = await this.clusters.register(principal, registration);
    return reply(ClusterView.of(cluster), { location: `/v1/clusters/${cluster.name}`, version: cluster.version });
  }

  @Post('import')
  @HttpCode(200)
  @RequireRole('operator')
  @ApiOperation({
    summary: 'Discover the clusters of an account, project or subscription and register those matching a filter',
  })
  @ApiOkResponse({ type: ImportResultView })
  import(@CurrentPrincipal() principal: Principal, @Body() input: ImportClustersDto): Promise<ImportResultView> {
    return this.importer.import(principal, input);
  }

  @Get()
  @RequireRole('viewer')
  @ApiOperation({
    summary: 'List clusters, filtered by provider, cloud, region, environment, health, team or label selector',
  })
  @ApiOkResponse({ type: ClusterPage })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ClusterQuery): Promise<ClusterPage> {
    const { items, nextCursor } = await this.clusters.list(principal, query);
    return { items: items.map(ClusterView.of), nextCursor };
  }

  @Get(':name')
  @RequireRole('viewer')
  @ApiOperation({ summary: 'Get a cluster with its cloud description and node pools' })
  @ApiOkResponse({ type: ClusterView })
  async get(@CurrentPrincipal() principal: Principal, @Param('name') name: string): Promise<Reply<ClusterView>> {
    const cluster = await this.clusters.get(principal, name);
    return reply(ClusterView.of(cluster), { version: cluster.version });
  }

  @Patch(':name')
  @RequireRole('operator')
  @ApiOperation({ summary: "Replace a cluster's labels, annotations or environment" })
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'The ETag last read; 412 if the cluster changed since.',
  })
  @ApiOkResponse({ type: ClusterView })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('name') name: string,
    @Body() input: UpdateClusterDto,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<Reply<ClusterView>> {
    const cluster = await this.clusters.update(principal, name, input, ifMatch);
    return reply(ClusterView.of(cluster), { version: cluster.version });
  }

  @Post(':name/cordon')
  @HttpCode(200)
  @RequireRole('operator')
  @ApiOperation({ summary: 'Cordon: keep what the cluster runs, but let no new placement select it' })
  @ApiOkResponse({ type: ClusterView })
  async cordon(@CurrentPrincipal() principal: Principal, @Param('name') name: string): Promise<ClusterView> {
    return ClusterView.of(await this.clusters.setCordoned(principal, name, true));
  }

  @Post(':name/uncordon')
  @HttpCode(200)
  @RequireRole('operator')
  @ApiOperation({ summary: 'Uncordon: placements may select the cluster again' })
  @ApiOkResponse({ type: ClusterView })
  async uncordon(@CurrentPrincipal() principal: Principal, @Param('name') name: string): Promise<ClusterView> {
    return ClusterView.of(await this.clusters.setCordoned(principal, name, false));
  }

  @Delete(':name')
  @RequireRole('operator')
  @ApiOperation({
    summary: 'Deregister a cluster (its workloads keep running; Fleetplane forgets it and its credential)',
    description: 'Refused with 409 while an active deployment targets the cluster, unless an admin passes force=true.',
  })
  @ApiOkResponse({ type: ClusterView })
  async deregister(
    @CurrentPrincipal() principal: Principal,
    @Param('name') name: string,
    @Query() query: DeregisterQuery,
  ): Promise<ClusterView> {
    return ClusterView.of(await this.clusters.deregister(principal, name, query.force ?? false));
  }

  @Get(':name/health')
  @RequireRole('viewer')
  @ApiOperation({ summary: "A cluster's health: the current state, recent probes and transitions" })
  @ApiOkResponse({ type: ClusterHealthReportView })
  async healthReport(
    @CurrentPrincipal() principal: Principal,
    @Param('name') name: string,
    @Query() page: PageQuery,
  ): Promise<ClusterHealthReportView> {
    return this.health.report(await this.clusters.get(principal, name), page);
  }
}
