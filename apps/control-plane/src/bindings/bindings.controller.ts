import { Body, Controller, Delete, Get, Param, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@fleetplane/http';
import { UuidParam } from '@fleetplane/http';
import { CurrentPrincipal, RequireRole } from '@fleetplane/security';
import { credentialOf, scopeOf, workloadsOf } from './binding-input';
import { BindingsService } from './bindings.service';
import { PutBindingDto, ResolveQuery } from './dto/binding.dto';
import { BindingListView, BindingView, ResolutionView } from './dto/views';

@ApiTags('bindings')
@Controller('applications/:app/bindings')
export class BindingsController {
  constructor(private readonly bindings: BindingsService) {}

  @Get('resolve')
  @RequireRole('viewer')
  @ApiOperation({
    summary: 'What a cluster would get: each binding resolved and explained, credential values redacted',
  })
  @ApiOkResponse({ type: ResolutionView })
  resolve(
    @CurrentPrincipal() principal: Principal,
    @Param('app') app: string,
    @Query() query: ResolveQuery,
  ): Promise<ResolutionView> {
    return this.bindings.resolve(principal, app, query.cluster);
  }

  @Get()
  @RequireRole('viewer')
  @ApiOperation({ summary: "List an application's bindings, every name and scope" })
  @ApiOkResponse({ type: BindingListView })
  async list(@CurrentPrincipal() principal: Principal, @Param('app') app: string): Promise<BindingListView> {
    return { items: await this.bindings.list(principal, app) };
  }

  @Get(':name')
  @RequireRole('viewer')
  @ApiOperation({ summary: 'The bindings of one name, every scope' })
  @ApiOkResponse({ type: BindingListView })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('app') app: string,
    @Param('name') name: string,
  ): Promise<BindingListView> {
    return { items: await this.bindings.list(principal, app, name) };
  }

  @Put(':name')
  @RequireRole('operator')
  @ApiOperation({
    summary: 'Set the binding of a name for one scope (created, or a new revision of the one for that scope)',
    description:
      '409 naming both when another binding of the name is as specific and can match one cluster; 422 for a class the instance does not provide, an instance in another cloud than a cloud scope, a name Service Binding 1.1 forbids, or a credential without the fields the class needs.',
  })
  @ApiOkResponse({ type: BindingView })
  put(
    @CurrentPrincipal() principal: Principal,
    @Param('app') app: string,
    @Param('name') name: string,
    @Body() input: PutBindingDto,
  ): Promise<BindingView> {
    return this.bindings.put(principal, app, name, {
      serviceClass: input.class,
      scope: scopeOf(input.scope),
      instance: input.instance,
      role: input.role ?? 'primary',
      locality: input.locality ?? 'any',
      credential: credentialOf(input.credential),
      workloads: workloadsOf(input.workloads),
      env: (input.env ?? []).map(({ name: variable, key }) => ({ name: variable, key })),
    });
  }

  @Delete(':name')
  @RequireRole('operator')
  @ApiOperation({ summary: 'Remove every binding of a name' })
  @ApiOkResponse({ type: BindingListView })
  async removeName(
    @CurrentPrincipal() principal: Principal,
    @Param('app') app: string,
    @Param('name') name: string,
  ): Promise<BindingListView> {
    return { items: await this.bindings.remove(principal, app, name) };
  }

  @Delete(':name/:id')
  @RequireRole('operator')
  @ApiOperation({ summary: 'Remove the binding of a name for one scope, by its id' })
  @ApiOkResponse({ type: BindingListView })
  async removeOne(
    @CurrentPrincipal() principal: Principal,
    @Param('app') app: string,
    @Param('name') name: string,
    @UuidParam('id') id: string,
  ): Promise<BindingListView> {
    return { items: await this.bindings.remove(principal, app, name, id) };
  }
}
