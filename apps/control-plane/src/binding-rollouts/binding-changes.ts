import { Injectable } from '@nestjs/common';
import type { ClusterView } from '@fleetplane/bindings';
import { Principal } from '@fleetplane/http';
import { ApplicationsService } from '../applications/applications.service';
import { ApplicationBindings, BindingResolution } from '../bindings/binding-resolution';
import { BindingWrite, BindingsService } from '../bindings/bindings.service';
import { CredentialRetirement } from '../bindings/credential-retirement';
import { AffectsCluster, BindingRollouts } from './binding-rollout';
import { BindingChangeView, BindingRemovalView } from './dto/binding-rollout.views';

/**
 * A binding change, then its rollout (see BindingRollouts) to the clusters whose resolution of the
 * binding changed, compared before and after (a cluster-scoped binding affects one cluster). The change
 * itself is refused (409) while a deployment of the application is active (see BindingsService).
 */
@Injectable()
export class BindingChanges {
  constructor(
    private readonly applications: ApplicationsService,
    private readonly bindings: BindingsService,
    private readonly resolution: BindingResolution,
    private readonly rollouts: BindingRollouts,
    private readonly retirement: CredentialRetirement,
  ) {}

  async put(principal: Principal, app: string, name: string, write: BindingWrite): Promise<BindingChangeView> {
    const application = await this.applications.get(principal, app);
    const before = await this.resolution.forApplication(application.id);
    const { view, change } = await this.bindings.put(principal, app, name, write);
    if (!change) return { ...view, rollout: { cause: null, deployments: [], notRolled: [] } };
    const rollout = await this.rollouts.start(
      principal,
      application,
      `binding-rotation: ${name}@rev ${view.revision} (${change})`,
      resolutionChanged(before, name),
    );
    await this.retirement.awaiting(
      view.id,
      rollout.deployments.map((deployment) => deployment.id),
    );
    return { ...view, rollout };
  }

  async remove(principal: Principal, app: string, name: string, id?: string): Promise<BindingRemovalView> {
    const application = await this.applications.get(principal, app);
    const before = await this.resolution.forApplication(application.id);
    const items = await this.bindings.remove(principal, app, name, id);
    const revisions = items.map((item) => `rev ${item.revision}`).join(', ');
    const rollout = await this.rollouts.start(
      principal,
      application,
      `binding-rotation: ${name}@${revisions} (deleted)`,
      resolutionChanged(before, name),
    );
    return { items, rollout };
  }
}

/** A cluster is affected when what it gets for the binding name differs from what it got before. */
function resolutionChanged(before: ApplicationBindings, name: string): AffectsCluster {
  return (after, cluster) => tokenOf(before, cluster, name) !== tokenOf(after, cluster, name);
}

/** What the cluster gets for the binding name: which binding at which revision, or nothing. */
function tokenOf(loaded: ApplicationBindings, cluster: ClusterView, name: string): string {
  const resolved = loaded.resolve(cluster).bindings.find((entry) => entry.name === name);
  if (!resolved) return 'absent';
  return resolved.status === 'bound' ? `${resolved.binding.id}@${resolved.binding.revision}` : 'unsatisfied';
}
