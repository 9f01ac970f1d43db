import { Injectable } from '@nestjs/common';
import { Principal } from '@fleetplane/http';
import {
  ClusterCandidate,
  FanoutError,
  Release,
  RenderedCluster,
  RolloutStrategy,
  planRollout,
  renderDeployment,
  renderForCluster,
  selectClusters,
} from '@fleetplane/fanout';
import { KubeObject } from '@fleetplane/objects';
import { ApplicationEntity, ClusterEntity, ReleaseEntity, StoredPlan, StoredSpec } from '@fleetplane/persistence';
import { PLATFORM_TEAM } from '@fleetplane/security';
import { DataSource, In } from 'typeorm';
import { ApplicationsService } from '../applications/applications.service';
import { readableManifests } from '../applications/release-manifests';
import { BindingRender } from '../bindings/binding-render';
import { bindingProblem } from '../bindings/bindings.errors';
import { fanoutProblem } from '../applications/fanout-problems';
import { candidateOf, fanoutDeploymentOf, releaseOf } from './deployment-plan';
import { TenancyChecks } from '../tenancy/tenancy-checks';
import { deploymentErrors } from './deployments.errors';
import { CreateDeploymentDto, DEFAULT_FAIL_FAST_SECONDS, RenderDeploymentDto } from './dto/deployment.dto';

const DEFAULT_STRATEGY: RolloutStrategy = { type: 'AllAtOnce', maxConcurrency: 16 };
/** Renders a deployment not stored yet (validation, preview) under the id it stamps on its objects. */
const DRAFT_ID = '00000000-0000-4000-8000-000000000000';

/** A deployment checked by every fan-out stage and ready to store. */
export interface PlannedDeployment {
  application: ApplicationEntity;
  release: ReleaseEntity;
  spec: StoredSpec;
  plan: StoredPlan;
}

export interface DeploymentPreview {
  cluster: string;
  releaseHash: string;
  objects: KubeObject[];
  namespacesToEnsure: string[];
}

/**
 * Dry runs of the fan-out stages: placement, strategy and rendering, each failure a 422 naming the
 * field it came from. Reads applications, releases and clusters; writes nothing.
 */
@Injectable()
export class DeploymentPlanner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly applications: ApplicationsService,
    private readonly tenancy: TenancyChecks,
    private readonly bindings: BindingRender,
  ) {}

  /**
   * Validates everything a rollout will need before anything is stored or applied: placement (422 naming
   * the constraint that emptied it), overrides on every selected cluster, the strategy.
   */
  async plan(principal: Principal, input: CreateDeploymentDto): Promise<PlannedDeployment> {
    const { application, release } = await this.applications.releaseNamedIn(principal, input);
    this.applications.assertCanChange(principal, application.team);
    const spec: StoredSpec = {
      placement: input.placement,
      overrides: input.overrides ?? [],
      imageRewrites: input.imageRewrites ?? [],
      strategy: input.strategy ?? DEFAULT_STRATEGY,
      failFastSeconds: input.failFastSeconds ?? DEFAULT_FAIL_FAST_SECONDS,
      ...(input.adopt ? { adopt: true } : {}),
    };
    const { plan, rendered } = planDeployment(
      releaseOf(release, application),
      application,
      spec,
      await this.candidates(application),
    );
    await this.tenancy.assertDeployable(application, rendered);
    // Resolution is its own stage: every placed cluster must get every binding, or the deployment is refused here.
    await this.bindings.assertSatisfiable(
      application.id,
      plan.placed.map((placed) => placed.cluster),
    );
    return { application, release, spec, plan };
  }

  /** Exactly what one cluster would receive, rendered as the rollout would render it, without applying anything. */
  async preview(principal: Principal, input: RenderDeploymentDto): Promise<DeploymentPreview> {
    const { application, release } = await this.applications.releaseNamedIn(principal, input);
    const candidates = await this.candidates(application);
    const decision = stage('placement', () => selectClusters(input.placement, candidates));
    const placed = decision.clusters.find((entry) => entry.cluster.name === input.cluster);
    if (!placed) throw deploymentErrors.clusterNotPlaced(input.cluster);
    const spec = { overrides: input.overrides ?? [], imageRewrites: input.imageRewrites ?? [] };
    const plan = { replicaMode: decision.replicaMode, placed: decision.clusters };
    const rendered = stage(OVERRIDE_FIELDS, () =>
      renderForCluster(
        releaseOf(release, application),
        fanoutDeploymentOf({ id: DRAFT_ID, spec, plan }, application),
        placed.cluster,
      ),
    );
    await this.tenancy.assertDeployable(application, [rendered]);
    await this.bindings.assertSatisfiable(application.id, [placed.cluster]);
    const ownership = {
      application: application.name,
      releaseVersion: release.version,
      releaseHash: rendered.releaseHash,
      deploymentId: DRAFT_ID,
    };
    // A preview is read by people: the release's own Secrets show their keys, not their values.
    const readable = { ...rendered, objects: readableManifests(rendered.objects) };
    const withBindings = await bindingProblem(() =>
      this.bindings.inject({ application, cluster: placed.cluster, rendered: readable, ownership }, 'preview'),
    );
    return {
      cluster: input.cluster,
      releaseHash: withBindings.releaseHash,
      objects: withBindings.objects,
      namespacesToEnsure: withBindings.namespacesToEnsure,
    };
  }

  /** The application's team's clusters and the platform team's shared ones. */
  private async candidates(application: ApplicationEntity): Promise<ClusterCandidate[]> {
    const clusters = await this.dataSource
      .getRepository(ClusterEntity)
      .findBy({ team: In([application.team, PLATFORM_TEAM]) });
    return clusters.map(candidateOf);
  }
}

/** Places the clusters, plans the waves, and renders every target once, so that no stage can fail later. */
function planDeployment(
  release: Release,
  application: ApplicationEntity,
  spec: StoredSpec,
  candidates: readonly ClusterCandidate[],
): { plan: StoredPlan; rendered: RenderedCluster[] } {
  const decision = stage('placement', () => selectClusters(spec.placement, candidates));
  const clusters = decision.clusters.map((placed) => placed.cluster);
  const rollout = stage('strategy', () => planRollout(spec.strategy, clusters));
  const plan: StoredPlan = { rollout, replicaMode: decision.replicaMode, placed: decision.clusters };
  const rendered = stage(OVERRIDE_FIELDS, () =>
    renderDeployment(release, fanoutDeploymentOf({ id: DRAFT_ID, spec, plan }, application)),
  );
  return { plan, rendered };
}

/** The rendering stage checks the registry rewrites beside the overrides. */
const OVERRIDE_FIELDS = ['overrides', 'imageRewrites'] as const;

/** Runs one fan-out stage, its failure a 422 naming the field it found wrong among `fields`. */
function stage<T>(fields: string | readonly [string, ...string[]], run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof FanoutError) throw fanoutProblem(error, fields);
    throw error;
  }
}
