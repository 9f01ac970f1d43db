import { Injectable } from '@nestjs/common';
import type { ClusterView } from '@fleetplane/bindings';
import type { ClusterHealth } from '@fleetplane/fanout';
import { DomainError, Principal } from '@fleetplane/http';
import { ApplicationEntity, ClusterEntity } from '@fleetplane/persistence';
import { DataSource, In } from 'typeorm';
import { ApplicationBindings, BindingResolution } from '../bindings/binding-resolution';
import { DeploymentCommands, DeploymentOrigin } from '../deployments/deployment-commands';
import { DeploymentDetails } from '../deployments/deployments.service';
import { CreateDeploymentDto } from '../deployments/dto/deployment.dto';
import { DriftBaseline, DriftBaselines } from '../deployments/drift/drift-baselines';
import { BindingRolloutView, StartedRolloutView, UnrolledClusterView } from './dto/binding-rollout.views';

/** Health a rotation may roll out to: the clusters already run the application, so only an unreachable one is left out. */
const ROTATION_HEALTH: ClusterHealth[] = ['Healthy', 'Degraded', 'Unknown'];

/** Whether a committed change affects a cluster, judged on the application's bindings as they are now. */
export type AffectsCluster = (after: ApplicationBindings, cluster: ClusterView) => boolean;

/**
 * The rollout of a committed binding change (a binding written or removed, an instance's endpoint
 * moved): the clusters running the application that the change affects get a deployment of the release
 * they run, with the overrides and strategy of the deployment that put it there, marked with the change
 * as its cause. Only workloads consuming a changed binding roll: their pod template's binding annotation
 * is the only thing that changes. Callers refuse the change itself (409) while a deployment of the
 * application is active, so the two never apply over each other. A deployment that cannot be planned
 * (say, a cluster cordoned since) does not undo the committed change: its clusters are reported as not
 * rolled and binding status shows them NotApplied.
 */
@Injectable()
export class BindingRollouts {
  constructor(
    private readonly dataSource: DataSource,
    private readonly resolution: BindingResolution,
    private readonly baselines: DriftBaselines,
    private readonly commands: DeploymentCommands,
  ) {}

  async start(
    principal: Principal,
    application: ApplicationEntity,
    cause: string,
    affects: AffectsCluster,
  ): Promise<BindingRolloutView> {
    const after = await this.resolution.forApplication(application.id);
    const running = await this.baselines.of(application.id);
    const clusters = await this.clustersById(running.map((baseline) => baseline.target.clusterId));
    const notRolled: UnrolledClusterView[] = [];
    const bySource = new Map<string, DriftBaseline[]>();
    for (const baseline of running) {
      const cluster = clusters.get(baseline.target.clusterId);
      if (!cluster || !affects(after, cluster)) continue;
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
      const started = await this.redeploy(principal, application, group, cause);
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
  private async redeploy(
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

/** Why the cluster can no longer get every binding of the application, or undefined when it can. */
function unsatisfiedOn(loaded: ApplicationBindings, cluster: ClusterView): string | undefined {
  const problems = loaded
    .resolve(cluster)
    .bindings.flatMap((resolved) =>
      resolved.status === 'unsatisfied' ? [`binding ${resolved.name}: ${resolved.reason}`] : [],
    );
  return problems.length > 0 ? problems.join('; ') : undefined;
}
