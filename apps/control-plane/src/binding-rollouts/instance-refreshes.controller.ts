import { Body, Controller, Param, Patch } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Reply, reply } from '@fleetplane/http';
import type { Principal } from '@fleetplane/http';
import type { ProviderCredential } from '@fleetplane/providers';
import { CurrentPrincipal, RequireRole } from '@fleetplane/security';
import { ServiceInstanceView } from '../bindings/dto/views';
import { RefreshServiceInstanceDto } from '../bindings/dto/service-instance.dto';
import { InstanceRefreshes } from './instance-refreshes';
import { InstanceRefreshView } from './dto/binding-rollout.views';

/** The refresh of a service instance, here because an endpoint that moved rolls itself out. */
@ApiTags('service-instances')
@Controller('service-instances')
export class InstanceRefreshesController {
  constructor(private readonly refreshes: InstanceRefreshes) {}

  @Patch(':name')
  @RequireRole('operator')
  @ApiOperation({
    summary: 'Describe the instance again, optionally with a new account credential',
    description:
      'An endpoint that moved is a new revision of every binding to the instance, and rolls itself out: for each application bound to it, the release each affected cluster runs (those resolving such a binding) is redeployed there with the strategy of the deployment that put it there; `rollouts` names the deployments started and the clusters not rolled. 409, with nothing changed, while an application bound to the instance has an active deployment.',
  })
  @ApiOkResponse({ type: InstanceRefreshView })
  async refresh(
    @CurrentPrincipal() principal: Principal,
    @Param('name') name: string,
    @Body() input: RefreshServiceInstanceDto,
  ): Promise<Reply<InstanceRefreshView>> {
    const credential = input.credential ? ({ ...input.credential } as ProviderCredential) : undefined;
    const { instance, rollouts } = await this.refreshes.refresh(principal, name, credential);
    return reply({ ...ServiceInstanceView.of(instance), rollouts }, { version: instance.version });
  }
}
