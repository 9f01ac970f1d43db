import { Injectable } from '@nestjs/common';
import type { ClusterView } from '@fleetplane/bindings';
import type { ClusterHealth } from '@fleetplane/fanout';
import { DomainError, Principal } from '@fleetplane/http';
import { ApplicationEntity, ClusterEntity } from '@fleetplane/persistence';
import { DataSource, In } from 'typeorm';
import { ApplicationsService } from '../applications/applications.service';
import { ApplicationBindings, BindingResolution } from '../bindings/binding-resolution';
import { BindingWrite, BindingsService } from '../bindings/bindings.service';
import { CredentialRetirement } from '../bindings/credential-retirement';
import { DeploymentCommands, DeploymentOrigin } from '../deployments/deployment-commands';
import { DeploymentDetails } from '../deployments/deployments.service';
import { CreateDeploymentDto } from '../deployments/dto/deployment.dto';
import { DriftBaseline, DriftBaselines } from '../deployments/drift/drift-baselines';
import {
  BindingChangeView,
  BindingRemovalView,
  BindingRolloutView,
  StartedRolloutView,
  UnrolledClusterView,
} from './dto/binding-rollout.views';

/** Health a rotation may roll out to: the clusters already run the application, so only an unreachable one is left out. */
const ROTATION_HEALTH: ClusterHealth[] = ['Healthy', 'Degraded', 'Unknown'];

/**
 * A binding change, then its rollout: after the change commits, the clusters whose resolution of the
 * binding changed (compared before and after; a cluster-scoped binding affects one cluster) get a
 * deployment of the release they run, with the overrides and strategy of the deployment that put it
 * there, marked with the change as its cause. Only workloads consuming the binding roll: their pod
 * template's binding annotation is the only thing that changes. The change itself is refused (409) while
 * a deployment of the application is active (see BindingsService), so the two never apply over each
 * other. A deployment that cannot be planned (say, a cluster cordoned since) does not undo the committed
 * change: its clusters are reported as not rolled and binding status shows them NotApplied.
 */
@Injectable()
export class BindingChanges {
  constructor(
    private readonly dataSource: DataSource,
    private readonly applications: ApplicationsService,
    private readonly bindings: BindingsService,
    private readonly resolution: BindingResolution,
    private readonly baselines: DriftBaselines,
    private readonly commands: DeploymentCommands,
    private readonly retirement: CredentialRetirement,
  ) {}

  async put(principal: Principal, app: string, name: string, write: BindingWrite): Promise<BindingChangeView> {
    const application = await this.applications.get(principal, app);
    const before = await this.resolution.forApplication(application.id);
    const { view, change } = await this.bindings.put(principal, app, name, write);
    if (!change) return { ...view, rollout: { cause: null, deployments: [], notRolled: [] } };
    const rollout = await this.rollOut(
      principal,
      application,
      name,
      before,
      `binding-rotation: ${name}@rev ${view.revision} (${change})`,
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
    const rollout = await this.rollOut(
      principal,
      application,
      name,
      before,
      `binding-rotation: ${name}@${revisions} (deleted)`,
    );
    return { items, rollout };
  }

  private async rollOut(
    principal: Principal,
    application: ApplicationEntity,
    name: string,
    before: ApplicationBindings,
    cause: string,
  ): Promise<BindingRolloutView> {
    const after = await this.resolution.forApplication(application.id);
    const running = await this.baselines.of(application.id);
    const clusters = await this.clustersById(running.map((baseline) => baseline.target.clusterId));
    const notRolled: UnrolledClusterView[] = [];
    const bySource = new Map<string, DriftBaseline[]>();
    for (const baseline of running) {
      const cluster = clusters.get(baseline.target.clusterId);
      if (!cluster || tokenOf(before, cluster, name) === tokenOf(after, cluster, name)) continue;
      const unsatisfied = unsatisfiedOn(after, cluster);
      if (unsatisfied) {
        notRolled.push({ cluster: cluster.name, outcome: 'unsatisfied', reason: unsatisfied });
        continue;
      }
      const group = bySource.get(baseline.deployment.id) ?? [];
      bySource.set(baseline.deployment.id, [...group, baseline]);
    }
    const deployments: StartedRolloutView[] = [];
    for (const group of bySource.values()) {
      const started = await this.start(principal, application, group, cause);
      if ('id' in started) deployments.push(started);
      else notRolled.push(...started.notRolled);
    }
    return { cause, deployments, notRolled };
  }

  /**
   * One deployment of the release `group` runs, to its clusters, as the deployment that put it there was
   * made; with the default strategy when that one's waves do not fit these clusters (a wave that selects
   * none of them).
   */
  private async start(
    principal: Principal,
    application: ApplicationEntity,
    group: DriftBaseline[],
    cause: string,
  ): Promise<StartedRolloutView | { notRolled: UnrolledClusterView[] }> {
    const { deployment: source, release } = group[0];
    const clusters = group.map((baseline) => baseline.target.clusterName).sort();
    const input: CreateDeploymentDto = {
      application: application.name,
      release: release.version,
      placement: { clusters, allowedHealth: ROTATION_HEALTH },
      overrides: source.spec.overrides,
      imageRewrites: source.spec.imageRewrites,
      strategy: source.spec.strategy,
      ...(source.spec.failFastSeconds === undefined ? {} : { failFastSeconds: source.spec.failFastSeconds }),
      ...(source.spec.adopt ? { adopt: true } : {}),
    };
    try {
      const { deployment } = await this.createFitting(principal, input, { kind: 'rollout', cause });
      return {
        id: deployment.id,
        link: `/v1/deployments/${deployment.id}`,
        release: release.version,
        clusters,
        state: deployment.state,
      };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return {
        notRolled: clusters.map((cluster) => ({ cluster, outcome: 'refused' as const, reason: error.message })),
      };
    }
  }

  /** With the strategy asked for, or the default one when its waves do not fit the clusters placed. */
  private async createFitting(
    principal: Principal,
    input: CreateDeploymentDto,
    origin: DeploymentOrigin,
  ): Promise<DeploymentDetails> {
    try {
      return await this.commands.create(principal, input, origin);
    } catch (error) {
      if (!refusedStrategy(error)) throw error;
      return this.commands.create(principal, { ...input, strategy: undefined }, origin);
    }
  }

  private async clustersById(ids: string[]): Promise<Map<string, ClusterEntity>> {
    if (ids.length === 0) return new Map();
    const rows = await this.dataSource.getRepository(ClusterEntity).findBy({ id: In(ids) });
    return new Map(rows.map((row) => [row.id, row]));
  }
}

/** A refusal of the strategy alone (a wave selecting none of the clusters), not of the deployment. */
function refusedStrategy(error: unknown): boolean {
  return (
    error instanceof DomainError && (error.options.fields ?? []).some((entry) => entry.field.startsWith('strategy'))
  );
}

/** What the cluster gets for the binding name: which binding at which revision, or nothing. */
function tokenOf(loaded: ApplicationBindings, cluster: ClusterView, name: string): string {
  const resolved = loaded.resolve(cluster).bindings.find((entry) => entry.name === name);
  if (!resolved) return 'absent';
  return resolved.status === 'bound' ? `${resolved.binding.id}@${resolved.binding.revision}` : 'unsatisfied';
}

/** Why the cluster can no longer get every binding of the application, or undefined when it can. */
function unsatisfiedOn(loaded: ApplicationBindings, cluster: ClusterView): string | undefined {
  const problems = loaded
    .resolve(cluster)
    .bindings.flatMap((resolved) =>
      resolved.status === 'unsatisfied' ? [`binding ${resolved.name}: ${resolved.reason}`] : [],
    );
  return problems.length > 0 ? problems.join('; ') : undefined;
}
