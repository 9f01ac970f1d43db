import { Injectable } from '@nestjs/common';
import { Principal } from '@fleetplane/http';
import type { ProviderCredential } from '@fleetplane/providers';
import { ApplicationEntity, ServiceBindingEntity, ServiceInstanceEntity } from '@fleetplane/persistence';
import { ServiceInstancesService } from '../bindings/service-instances.service';
import { AffectsCluster, BindingRollouts } from './binding-rollout';
import { ApplicationRolloutView } from './dto/binding-rollout.views';

/**
 * A refresh of a service instance, then, when its endpoint moved, the rollout of the new endpoint: for
 * each application bound to the instance, the clusters running it that resolve one of those bindings
 * get a deployment of the release they run (see BindingRollouts), caused
 * `endpoint-changed: <binding>@rev <n>`. The refresh is refused (409, nothing written) while one of those
 * applications has an active deployment (see ServiceInstancesService.refresh).
 */
@Injectable()
export class InstanceRefreshes {
  constructor(
    private readonly instances: ServiceInstancesService,
    private readonly rollouts: BindingRollouts,
  ) {}

  async refresh(
    principal: Principal,
    name: string,
    credential?: ProviderCredential,
  ): Promise<{ instance: ServiceInstanceEntity; rollouts: ApplicationRolloutView[] }> {
    const { instance, changed } = await this.instances.refresh(principal, name, credential);
    const rollouts: ApplicationRolloutView[] = [];
    for (const { application, bindings } of byApplication(changed)) {
      const cause = `endpoint-changed: ${bindings.map((binding) => `${binding.name}@rev ${binding.revision}`).join(', ')}`;
      const rollout = await this.rollouts.start(principal, application, cause, resolvesOneOf(bindings));
      rollouts.push({ application: application.name, ...rollout });
    }
    return { instance, rollouts };
  }
}

/** The changed bindings grouped by their application (loaded with them), applications in name order. */
function byApplication(
  bindings: ServiceBindingEntity[],
): Array<{ application: ApplicationEntity; bindings: ServiceBindingEntity[] }> {
  const groups = new Map<string, { application: ApplicationEntity; bindings: ServiceBindingEntity[] }>();
  for (const binding of bindings) {
    if (!binding.application) throw new Error(`binding ${binding.id} was loaded without its application`);
    const group = groups.get(binding.applicationId) ?? { application: binding.application, bindings: [] };
    group.bindings.push(binding);
    groups.set(binding.applicationId, group);
  }
  return [...groups.values()].sort((a, b) => (a.application.name < b.application.name ? -1 : 1));
}

/** A cluster is affected when it resolves one of the bindings (so, through it, the moved endpoint). */
function resolvesOneOf(bindings: ServiceBindingEntity[]): AffectsCluster {
  const ids = new Set(bindings.map((binding) => binding.id));
  return (after, cluster) =>
    after.resolve(cluster).bindings.some((resolved) => resolved.status === 'bound' && ids.has(resolved.binding.id));
}
