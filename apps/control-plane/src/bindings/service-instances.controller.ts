import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Idempotent, PageQuery, Reply, reply } from '@fleetplane/http';
import type { Principal } from '@fleetplane/http';
import type { ProviderCredential } from '@fleetplane/providers';
import { CurrentPrincipal, RequireRole } from '@fleetplane/security';
import { ServiceInstancesService } from './service-instances.service';
import { ImportServiceInstancesDto, RegisterServiceInstanceDto } from './dto/service-instance.dto';
import { ImportReportView, ServiceInstancePage, ServiceInstanceView } from './dto/views';

@ApiTags('service-instances')
/** Service instances; the refresh, which rolls a moved endpoint out, is InstanceRefreshesController's. */
@Controller()
export class ServiceInstancesController {
  constructor(private readonly instances: ServiceInstancesService) {}

  @Post('service-instances')
  @Idempotent()
  @RequireRole('operator')
  @ApiOperation({
    summary: 'Register a managed service by its native id',
    description:
      'The cloud describes it first: an id of nothing is refused (422 naming nativeId) and nothing is stored.',
  })
  @ApiCreatedResponse({ type: ServiceInstanceView })
  async register(
    @CurrentPrincipal() principal: Principal,
    @Body() input: RegisterServiceInstanceDto,
  ): Promise<Reply<ServiceInstanceView>> {
    const instance = await this.instances.register(principal, {
      nativeId: input.nativeId,
      name: input.name,
      team: input.team ?? principal.team,
      credential: { ...input.credential } as ProviderCredential,
    });
    return reply(ServiceInstanceView.of(instance), {
      location: `/v1/service-instances/${instance.name}`,
      version: instance.version,
    });
  }

  @Post('service-instances\\:import')
  @HttpCode(200)
  @RequireRole('operator')
  @ApiOperation({ summary: 'Discover the managed services of an account and register those not registered yet' })
  @ApiOkResponse({ type: ImportReportView })
  import(
    @CurrentPrincipal() principal: Principal,
    @Body() input: ImportServiceInstancesDto,
  ): Promise<ImportReportView> {
    return this.instances.import(principal, {
      cloud: input.cloud,
      team: input.team ?? principal.team,
      regions: input.regions,
      credential: { ...input.credential } as ProviderCredential,
    });
  }

  @Get('service-instances')
  @RequireRole('viewer')
  @ApiOperation({ summary: 'List service instances' })
  @ApiOkResponse({ type: ServiceInstancePage })
  async list(@CurrentPrincipal() principal: Principal, @Query() page: PageQuery): Promise<ServiceInstancePage> {
    const { items, nextCursor } = await this.instances.list(principal, page);
    return { items: items.map(ServiceInstanceView.of), nextCursor };
  }

  @Get('service-instances/:name')
  @RequireRole('viewer')
  @ApiOperation({ summary: 'Get a service instance' })
  @ApiOkResponse({ type: ServiceInstanceView })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('name') name: string,
  ): Promise<Reply<ServiceInstanceView>> {
    const instance = await this.instances.get(principal, name);
    return reply(ServiceInstanceView.of(instance), { version: instance.version });
  }

  @Delete('service-instances/:name')
  @RequireRole('operator')
  @ApiOperation({ summary: 'Deregister a service instance (the cloud resource is untouched); 409 while bound' })
  @ApiOkResponse({ type: ServiceInstanceView })
  async deregister(
    @CurrentPrincipal() principal: Principal,
    @Param('name') name: string,
  ): Promise<ServiceInstanceView> {
    return ServiceInstanceView.of(await this.instances.deregister(principal, name));
  }
}
