import { Injectable } from '@nestjs/common';
import { Page, Principal, paginate, problems } from '@fleetplane/http';
import {
  FanoutError,
  ImageRegistryRewrite,
  KubeObject,
  ObjectOverride,
  PlacementSpec,
  RolloutStrategy,
  planRollout,
  renderDeployment,
  renderForCluster,
  selectClusters,
} from '@fleetplane/fanout';
import {
  ApplicationEntity,
  ClusterEntity,
  DeploymentEntity,
  DeploymentEventEntity,
  DeploymentTargetEntity,
  ReleaseEntity,
  rowsById,
} from '@fleetplane/persistence';
import { AuditLog, PLATFORM_TEAM, canActForTeam, isPlatformAdmin } from '@fleetplane/security';
import { DataSource, EntityManager, In } from 'typeorm';
import { ApplicationsService } from '../applications/applications.service';
import { TenancyChecks } from '../tenancy/tenancy-checks';
import { fanoutProblem } from '../applications/fanout-problems';
import { StoredPlan, StoredSpec, candidateOf, fanoutDeploymentOf, releaseOf } from './deployment-plan';
import { CreateDeploymentDto, DeploymentQuery, RenderDeploymentDto } from './dto/deployment.dto';
import { DeploymentChanges } from './deployment-changes';
import { RolloutKicker } from './engine/rollout-kicker';

const DEFAULT_STRATEGY: RolloutStrategy = { type: 'AllAtOnce', maxConcurrency: 16 };
const ACTIVE_STATES = ['Pending', 'Progressing', 'Paused', 'RollingBack'];

export interface DeploymentDetails {
  deployment: DeploymentEntity;
  application: ApplicationEntity;
  release: ReleaseEntity;
  targets: DeploymentTargetEntity[];
}

@Injectable()
export class DeploymentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly applications: ApplicationsService,
    private readonly audit: AuditLog,
    private readonly kicker: RolloutKicker,
    private readonly changes: DeploymentChanges,
    private readonly tenancy: TenancyChecks,
  ) {}

  /**
   * Validates everything a rollout will need before anything is stored or applied: placement (422 naming
   * the constraint that emptied it), overrides on every selected cluster, the strategy. Then stores the
   * deployment and one target per cluster in one transaction and wakes the rollout driver.
   */
  async create(
    principal: Principal,
    input: CreateDeploymentDto,
    kind: DeploymentEntity['kind'] = 'rollout',
  ): Promise<DeploymentDetails> {
    const { application, release } = await this.applications.releaseNamedIn(principal, input);
    this.applications.assertCanChange(principal, application.team);
    const spec: StoredSpec = {
      placement: input.placement,
      overrides: (input.overrides ?? []) as unknown as ObjectOverride[],
      imageRewrites: (input.imageRewrites ?? []) as unknown as ImageRegistryRewrite[],
      strategy: input.strategy ?? (DEFAULT_STRATEGY as unknown as Record<string, unknown>),
      ...(input.adopt ? { adopt: true } : {}),
    };
    const candidates = (await this.placeableClusters(application)).map(candidateOf);
    const decision = this.stage('placement', () => selectClusters(spec.placement as PlacementSpec, candidates));
    const rollout = this.stage('strategy', () =>
      planRollout(
        spec.strategy as unknown as RolloutStrategy,
        decision.clusters.map((placed) => placed.cluster),
      ),
    );
    const plan: StoredPlan = { rollout, replicaMode: decision.replicaMode, placed: decision.clusters };
    const draft = { id: '00000000-0000-4000-8000-000000000000', plan, spec } as unknown as DeploymentEntity;
    const rendered = this.stage('overrides', () =>
      renderDeployment(releaseOf(release, application), fanoutDeploymentOf(draft, application)),
    );
    await this.tenancy.assertDeployable(application, rendered);
    const waveOf = new Map(rollout.waves.flatMap((wave) => wave.clusterIds.map((id) => [id, wave.index] as const)));

    const deployment = await this.dataSource.transaction(async (manager) => {
      await this.assertNoActiveRollout(
        manager,
        application,
        decision.clusters.map((placed) => placed.cluster.id),
      );
      const previous = await this.lastGoodReleases(
        manager,
        application.id,
        decision.clusters.map((placed) => placed.cluster.id),
      );
      const common = new Set(decision.clusters.map((placed) => previous.get(placed.cluster.id) ?? null));
      const row = await manager.save(
        manager.create(DeploymentEntity, {
          applicationId: application.id,
          releaseId: release.id,
          // The record of a fleet that ran one release before; per cluster, each target keeps its own.
          previousReleaseId: common.size === 1 ? [...common][0] : null,
          kind,
          spec: spec as unknown as Record<string, unknown>,
          plan: plan as unknown as Record<string, unknown>,
          state: 'Pending',
          reason: `${counted(decision.clusters.length, 'cluster')} in ${counted(rollout.waves.length, 'wave')}`,
          approvedWaves: [],
          cancelRequested: false,
          parked: false,
          leaseHolder: null,
          leaseExpiresAt: null,
          createdBy: `token:${principal.tokenId}`,
          finishedAt: null,
        }),
      );
      await manager.insert(
        DeploymentTargetEntity,
        decision.clusters.map((placed) =>
          manager.create(DeploymentTargetEntity, {
            deploymentId: row.id,
            clusterId: placed.cluster.id,
            clusterName: placed.cluster.name,
            previousReleaseId: previous.get(placed.cluster.id) ?? null,
            candidate: placed.cluster as unknown as Record<string, unknown>,
            wave: waveOf.get(placed.cluster.id) ?? 0,
            state: 'Pending',
          }),
        ) as never,
      );
      await manager.insert(DeploymentEventEntity, {
        deploymentId: row.id,
        subject: 'deployment',
        state: 'Pending',
        message: row.reason,
      });
      await this.audit.record(manager, {
        action: kind === 'rollback' ? 'deployment.rollback' : 'deployment.create',
        resourceType: 'deployment',
        resourceId: row.id,
        team: application.team,
        after: {
          application: application.name,
          release: release.version,
          clusters: decision.clusters.map((p) => p.cluster.name),
          spec,
        },
      });
      return row;
    });
    this.kicker.kick();
    return this.details(principal, deployment.id);
  }

  /** Exactly what one cluster would receive, rendered as the rollout would render it, without applying anything. */
  async render(
    principal: Principal,
    input: RenderDeploymentDto,
  ): Promise<{ cluster: string; releaseHash: string; objects: KubeObject[]; namespacesToEnsure: string[] }> {
    const { application, release } = await this.applications.releaseNamedIn(principal, input);
    const candidates = (await this.placeableClusters(application)).map(candidateOf);
    const spec: StoredSpec = {
      placement: input.placement,
      overrides: (input.overrides ?? []) as unknown as ObjectOverride[],
      imageRewrites: (input.imageRewrites ?? []) as unknown as ImageRegistryRewrite[],
      strategy: {},
    };
    const decision = this.stage('placement', () => selectClusters(spec.placement as PlacementSpec, candidates));
    const placed = decision.clusters.find((entry) => entry.cluster.name === input.cluster);
    if (!placed)
      throw problems.unprocessable(
        'cluster-not-placed',
        'Cluster not placed',
        `The placement does not select ${input.cluster}.`,
        [{ field: 'cluster', message: 'is not selected by the placement' }],
      );
    const plan: StoredPlan = {
      rollout: { waves: [], rollbackOnHalt: false, rollbackConcurrency: 1 },
      replicaMode: decision.replicaMode,
      placed: decision.clusters,
    };
    const draft = { id: '00000000-0000-4000-8000-000000000000', plan, spec } as unknown as DeploymentEntity;
    const rendered = this.stage('overrides', () =>
      renderForCluster(releaseOf(release, application), fanoutDeploymentOf(draft, application), placed.cluster),
    );
    await this.tenancy.assertDeployable(application, [rendered]);
    return {
      cluster: input.cluster,
      releaseHash: rendered.releaseHash,
      objects: rendered.objects,
      namespacesToEnsure: rendered.namespacesToEnsure,
    };
  }

  async list(principal: Principal, query: DeploymentQuery): Promise<Page<DeploymentDetails>> {
    const builder = this.dataSource
      .getRepository(DeploymentEntity)
      .createQueryBuilder('deployment')
      .innerJoin(ApplicationEntity, 'app', 'app.id = deployment.applicationId');
    if (!isPlatformAdmin(principal)) builder.andWhere('app.team = :team', { team: principal.team });
    if (query.application) builder.andWhere('app.name = :application', { application: query.application });
    if (query.state) builder.andWhere('deployment.state = :state', { state: query.state });
    const page = await paginate(builder, query, {
      time: 'deployment.createdAt',
      id: 'deployment.id',
      timeOf: (d) => d.createdAt,
      idOf: (d) => d.id,
    });
    return { items: await this.detailsOfPage(page.items), nextCursor: page.nextCursor };
  }

  /** A page's applications, releases and targets in three queries, whatever the page's length. */
  private async detailsOfPage(deployments: DeploymentEntity[]): Promise<DeploymentDetails[]> {
    if (deployments.length === 0) return [];
    const [applications, releases, targets] = await Promise.all([
      rowsById(
        this.dataSource,
        ApplicationEntity,
        deployments.map((d) => d.applicationId),
      ),
      rowsById(
        this.dataSource,
        ReleaseEntity,
        deployments.map((d) => d.releaseId),
      ),
      this.dataSource.getRepository(DeploymentTargetEntity).findBy({ deploymentId: In(deployments.map((d) => d.id)) }),
    ]);
    const targetsOf = new Map<string, DeploymentTargetEntity[]>();
    for (const target of targets) {
      const listed = targetsOf.get(target.deploymentId);
      if (listed) listed.push(target);
      else targetsOf.set(target.deploymentId, [target]);
    }
    return deployments.map((deployment) => ({
      deployment,
      application: applications.get(deployment.applicationId)!,
      release: releases.get(deployment.releaseId)!,
      targets: targetsOf.get(deployment.id) ?? [],
    }));
  }

  async details(principal: Principal, id: string): Promise<DeploymentDetails> {
    const { deployment, application } = await this.visible(principal, id);
    const release = await this.dataSource.getRepository(ReleaseEntity).findOneByOrFail({ id: deployment.releaseId });
    const targets = await this.dataSource.getRepository(DeploymentTargetEntity).findBy({ deploymentId: id });
    return { deployment, application, release, targets };
  }

  /**
   * The deployment and its application, when the principal's team may see it (404 otherwise, as for one
   * that does not exist). Reads no targets: a fleet-wide deployment has thousands.
   */
  async visible(
    principal: Principal,
    id: string,
  ): Promise<{ deployment: DeploymentEntity; application: ApplicationEntity }> {
    const deployment = await this.dataSource.getRepository(DeploymentEntity).findOneBy({ id });
    if (!deployment) throw problems.notFound('Deployment', id);
    const application = await this.dataSource
      .getRepository(ApplicationEntity)
      .findOneByOrFail({ id: deployment.applicationId });
    if (!canActForTeam(principal, application.team)) throw problems.notFound('Deployment', id);
    return { deployment, application };
  }

  /** Pause, resume, cancel and approve: each a small change the driver reads on its next step. */
  async act(
    principal: Principal,
    id: string,
    action: 'pause' | 'resume' | 'cancel' | 'approve',
  ): Promise<DeploymentDetails> {
    const { application } = await this.visible(principal, id);
    this.applications.assertCanChange(principal, application.team);
    await this.dataSource.transaction(async (manager) => {
      const deployment = await manager.findOne(DeploymentEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!deployment || !ACTIVE_STATES.includes(deployment.state)) {
        throw problems.conflict(
          `Deployment ${id} is ${deployment?.state ?? 'gone'}; only an active deployment can ${action}.`,
        );
      }
      const before = {
        state: deployment.state,
        approvedWaves: deployment.approvedWaves,
        cancelRequested: deployment.cancelRequested,
      };
      const message = this.applyAction(deployment, action);
      deployment.parked = false;
      await manager.save(deployment);
      await manager.insert(DeploymentEventEntity, {
        deploymentId: id,
        subject: 'deployment',
        state: deployment.state,
        message,
      });
      await this.audit.record(manager, {
        action: `deployment.${action}`,
        resourceType: 'deployment',
        resourceId: id,
        team: application.team,
        before,
        after: {
          state: deployment.state,
          approvedWaves: deployment.approvedWaves,
          cancelRequested: deployment.cancelRequested,
        },
      });
    });
    this.kicker.kick();
    this.changes.changed(id);
    return this.details(principal, id);
  }

  /**
   * A new deployment of an earlier release on the same clusters: the named one, or the one the clusters
   * ran before (refused when they ran different ones, since one deployment carries one release).
   */
  async rollback(principal: Principal, id: string, releaseVersion: string | undefined): Promise<DeploymentDetails> {
    const { deployment, application, targets } = await this.details(principal, id);
    const previous = releaseVersion
      ? (await this.applications.releaseNamedIn(principal, { application: application.name, release: releaseVersion }))
          .release
      : await this.commonPreviousRelease(targets);
    if (!previous)
      throw problems.unprocessable(
        'no-previous-release',
        'Nothing to roll back to',
        'No release ran on these clusters before this deployment; name one with `release`.',
        [{ field: 'release', message: 'is required here' }],
      );
    const spec = deployment.spec as unknown as StoredSpec;
    return this.create(
      principal,
      {
        application: application.name,
        release: previous.version,
        placement: {
          clusters: targets.map((target) => target.clusterName),
          allowedHealth: ['Healthy', 'Degraded', 'Unknown'],
        },
        overrides: spec.overrides as unknown as Array<Record<string, unknown>>,
        imageRewrites: spec.imageRewrites as unknown as Array<Record<string, unknown>>,
        strategy: { type: 'AllAtOnce', maxConcurrency: 16 },
      },
      'rollback',
    );
  }

  private applyAction(deployment: DeploymentEntity, action: 'pause' | 'resume' | 'cancel' | 'approve'): string {
    switch (action) {
      case 'pause':
        if (deployment.state !== 'Progressing')
          throw problems.conflict(`Only a progressing deployment can be paused; this one is ${deployment.state}.`);
        deployment.state = 'Paused';
        return 'paused by an operator';
      case 'resume':
        if (deployment.state !== 'Paused')
          throw problems.conflict(`Only a paused deployment can be resumed; this one is ${deployment.state}.`);
        deployment.state = 'Progressing';
        return 'resumed by an operator';
      case 'cancel':
        deployment.cancelRequested = true;
        return 'cancel requested: clusters not yet started will be skipped';
      case 'approve': {
        const next = this.nextUnapprovedWave(deployment);
        deployment.approvedWaves = [...deployment.approvedWaves, next];
        return `wave ${next} approved`;
      }
    }
  }

  private nextUnapprovedWave(deployment: DeploymentEntity): number {
    const plan = deployment.plan as unknown as StoredPlan;
    const gated = plan.rollout.waves
      .filter((_wave, index) => index > 0 && plan.rollout.waves[index - 1].gateAfter.type === 'approval')
      .map((wave) => wave.index);
    const next = gated.find((index) => !deployment.approvedWaves.includes(index));
    if (next === undefined) throw problems.conflict('No wave of this deployment is waiting for an approval.');
    return next;
  }

  private stage<T>(field: string, run: () => T): T {
    try {
      return run();
    } catch (error) {
      if (error instanceof FanoutError) throw fanoutProblem(error, field);
      throw error;
    }
  }

  /** The application's team's clusters and the platform team's shared ones. */
  private placeableClusters(application: ApplicationEntity): Promise<ClusterEntity[]> {
    return this.dataSource.getRepository(ClusterEntity).findBy({ team: In([application.team, PLATFORM_TEAM]) });
  }

  /**
   * One active deployment per application and cluster: two would apply over each other under the same
   * field manager. Creations of one application are serialized by an advisory lock held until commit,
   * so two racing requests cannot both pass this check.
   */
  private async assertNoActiveRollout(
    manager: EntityManager,
    application: ApplicationEntity,
    clusterIds: string[],
  ): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('deployments:' || $1))`, [application.id]);
    const busy = (await manager.query(
      `SELECT d.id, t.cluster_name FROM deployments d JOIN deployment_targets t ON t.deployment_id = d.id
       WHERE d.application_id = $1 AND d.state = ANY($2) AND t.cluster_id = ANY($3::uuid[])
       ORDER BY t.cluster_name LIMIT 5`,
      [application.id, ACTIVE_STATES, clusterIds],
    )) as Array<{ id: string; cluster_name: string }>;
    if (busy.length === 0) return;
    throw problems.conflict(
      `Deployment ${busy[0].id} of ${application.name} is still active on ${busy.map((row) => row.cluster_name).join(', ')}; wait for it or cancel it first.`,
      busy.map((row) => ({
        field: 'placement',
        message: `selects ${row.cluster_name}, which deployment ${row.id} is still rolling out`,
      })),
    );
  }

  /**
   * Per cluster, the release its newest Ready or rolled-back target of the application left running: what
   * a rollback there restores. A release whose rollout failed there is skipped, broken as it was.
   */
  private async lastGoodReleases(
    manager: EntityManager,
    applicationId: string,
    clusterIds: string[],
  ): Promise<Map<string, string>> {
    const rows = (await manager.query(
      `SELECT DISTINCT ON (t.cluster_id) t.cluster_id,
         CASE WHEN t.state = 'RolledBack' THEN t.previous_release_id ELSE d.release_id END AS release_id
       FROM deployment_targets t JOIN deployments d ON d.id = t.deployment_id
       WHERE d.application_id = $1 AND t.cluster_id = ANY($2::uuid[]) AND t.state IN ('Ready', 'RolledBack')
       ORDER BY t.cluster_id, d.created_at DESC, d.id DESC`,
      [applicationId, clusterIds],
    )) as Array<{ cluster_id: string; release_id: string | null }>;
    return new Map(rows.flatMap((row) => (row.release_id ? [[row.cluster_id, row.release_id] as const] : [])));
  }

  private async commonPreviousRelease(targets: DeploymentTargetEntity[]): Promise<ReleaseEntity | undefined> {
    const ids = [...new Set(targets.flatMap((target) => target.previousReleaseId ?? []))];
    if (ids.length <= 1)
      return ids[0] ? this.dataSource.getRepository(ReleaseEntity).findOneByOrFail({ id: ids[0] }) : undefined;
    const versions = (await this.dataSource.getRepository(ReleaseEntity).findBy({ id: In(ids) })).map((r) => r.version);
    throw problems.unprocessable(
      'several-previous-releases',
      'The clusters ran different releases before',
      `These clusters ran ${versions.sort().join(', ')} before this deployment; name the one to roll back to with \`release\`.`,
      [{ field: 'release', message: 'is required when the clusters ran different releases' }],
    );
  }
}

/** `1 cluster`, `3 clusters`. */
function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
