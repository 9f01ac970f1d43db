import { Body, Controller, Delete, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@fleetplane/http';
import { UuidParam } from '@fleetplane/http';
import { CurrentPrincipal, RequireRole } from '@fleetplane/security';
import { credentialOf, scopeOf, workloadsOf } from '../bindings/binding-input';
import { PutBindingDto } from '../bindings/dto/binding.dto';
import { BindingChanges } from './binding-changes';
import { BindingChangeView, BindingRemovalView } from './dto/binding-rollout.views';

const ROLLS_OUT =
  'The change rolls itself out: each release the affected clusters run (those whose resolution of the binding changed) is redeployed there, with the strategy of the deployment that put it there; `rollout` names the deployments started. 409 while a deployment of the application is active.';

@ApiTags('bindings')
@Controller('applications/:app/bindings')
export class BindingChangesController {
  constructor(private readonly changes: BindingChanges) {}

  @Put(':name')
  @RequireRole('operator')
  @ApiOperation({
    summary: 'Set the binding of a name for one scope (created, or a new revision of the one for that scope)',
    description: `${ROLLS_OUT} 409 naming both when another binding of the name is as specific and can match one cluster; 422 for a class the instance does not provide, an instance in another cloud than a cloud scope, a name Service Binding 1.1 forbids, or a credential without the fields the class needs.`,
  })
  @ApiOkResponse({ type: BindingChangeView })
  put(
    @CurrentPrincipal() principal: Principal,
    @Param('app') app: string,
    @Param('name') name: string,
    @Body() input: PutBindingDto,
  ): Promise<BindingChangeView> {
    return this.changes.put(principal, app, name, {
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
  @ApiOperation({ summary: 'Remove every binding of a name', description: ROLLS_OUT })
  @ApiOkResponse({ type: BindingRemovalView })
  removeName(
    @CurrentPrincipal() principal: Principal,
    @Param('app') app: string,
    @Param('name') name: string,
  ): Promise<BindingRemovalView> {
    return this.changes.remove(principal, app, name);
  }

  @Delete(':name/:id')
  @RequireRole('operator')
  @ApiOperation({ summary: 'Remove the binding of a name for one scope, by its id', description: ROLLS_OUT })
  @ApiOkResponse({ type: BindingRemovalView })
  removeOne(
    @CurrentPrincipal() principal: Principal,
    @Param('app') app: string,
    @Param('name') name: string,
    @UuidParam('id') id: string,
  ): Promise<BindingRemovalView> {
    return this.changes.remove(principal, app, name, id);
  }
}
