import { Injectable } from '@nestjs/common';
import { Principal } from '@fleetplane/http';
import { activeDeploymentStates, transitionDeployment } from '@fleetplane/fanout';
import {
  DeploymentEntity,
  DeploymentEventEntity,
  DeploymentTargetEntity,
  ReleaseEntity,
} from '@fleetplane/persistence';
import { AuditLog } from '@fleetplane/security';
import { DataSource, EntityManager, In } from 'typeorm';
import { ApplicationsService } from '../applications/applications.service';
import { DeploymentChanges } from './deployment-changes';
import { deploymentErrors } from './deployments.errors';
import { DeploymentPlanner, PlannedDeployment } from './deployment-planner';
import { DeploymentDetails, DeploymentsService } from './deployments.service';
import { CreateDeploymentDto } from './dto/deployment.dto';
import { RolloutKicker } from './engine/rollout-kicker';
import { ManualRollbacks } from './manual-rollbacks';
import { activeRolloutsOn, lastGoodReleases } from './rollout-history';

export type OperatorAction = 'pause' | 'resume' | 'cancel' | 'approve';

/** How a deployment came about: a rollout or a rollback, and what started it when no person asked for it. */
export interface DeploymentOrigin {
  kind: DeploymentEntity['kind'];
  cause?: string;
}

/** What operators do to deployments: start one, steer it (pause, resume, cancel, approve), roll it back. */
@Injectable()
export class DeploymentCommands {
  constructor(
    private readonly dataSource: DataSource,
    private readonly planner: DeploymentPlanner,
    private readonly deployments: DeploymentsService,
    private readonly applications: ApplicationsService,
    private readonly audit: AuditLog,
    private readonly kicker: RolloutKicker,
    private readonly changes: DeploymentChanges,
    private readonly manualRollbacks: ManualRollbacks,
  ) {}

  /**
   * Plans the deployment (every fan-out stage checked before anything is stored), then stores it and one
   * target per cluster in one transaction and wakes the rollout driver.
   */
  async create(
    principal: Principal,
    input: CreateDeploymentDto,
    origin: DeploymentOrigin = { kind: 'rollout' },
  ): Promise<DeploymentDetails> {
    const id = await this.createRecorded(principal, input, origin, async () => {});
    return this.deployments.details(principal, id);
  }

  /**
   * Creates a deployment as `create` does, running `recorded` in the transaction that stores it: a caller
   * that keeps the deployment's id (a promotion) commits it with the deployment or not at all.
   */
  async createRecorded(
    principal: Principal,
    input: CreateDeploymentDto,
    origin: DeploymentOrigin,
    recorded: (manager: EntityManager, deploymentId: string) => Promise<void>,
  ): Promise<string> {
    const planned = await this.planner.plan(principal, input);
    const deployment = await this.dataSource.transaction(async (manager) => {
      const row = await this.store(manager, principal, planned, origin);
      await recorded(manager, row.id);
      return row;
    });
    this.kicker.kick();
    return deployment.id;
  }

  /** Pause, resume, cancel and approve: each a small change the driver reads on its next step. */
  async act(principal: Principal, id: string, action: OperatorAction): Promise<DeploymentDetails> {
    const { application } = await this.deployments.visible(principal, id);
    this.applications.assertCanChange(principal, application.team);
    await this.dataSource.transaction(async (manager) => {
      const deployment = await manager.findOne(DeploymentEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!deployment || !activeDeploymentStates.includes(deployment.state)) {
        throw deploymentErrors.notActive(id, deployment?.state, action);
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
    return this.deployments.details(principal, id);
  }

  /**
   * A new deployment of an earlier release on the same clusters: the named one, or the one the clusters
   * ran before (refused when they ran different ones, since one deployment carries one release).
   */
  async rollback(principal: Principal, id: string, releaseVersion: string | undefined): Promise<DeploymentDetails> {
    const { deployment, application, targets } = await this.deployments.details(principal, id);
    const previous = releaseVersion
      ? (await this.applications.releaseNamedIn(principal, { application: application.name, release: releaseVersion }))
          .release
      : await this.commonPreviousRelease(targets);
    if (!previous) throw deploymentErrors.nothingToRollBackTo();
    const spec = deployment.spec;
    const input: CreateDeploymentDto = {
      application: application.name,
      release: previous.version,
      placement: {
        clusters: targets.map((target) => target.clusterName),
        allowedHealth: ['Healthy', 'Degraded', 'Unknown'],
      },
      overrides: spec.overrides,
      imageRewrites: spec.imageRewrites,
      strategy: { type: 'AllAtOnce', maxConcurrency: 16 },
      ...(spec.failFastSeconds === undefined ? {} : { failFastSeconds: spec.failFastSeconds }),
    };
    const rollbackId = await this.createRecorded(principal, input, { kind: 'rollback' }, (manager, deploymentId) =>
      this.manualRollbacks.rolledBack(manager, {
        principal,
        deploymentId,
        applicationId: application.id,
        releaseId: previous.id,
        releaseVersion: previous.version,
        rolledBackDeploymentId: id,
        clusterEnvironments: [...new Set(targets.map((target) => target.candidate.environment))],
      }),
    );
    return this.deployments.details(principal, rollbackId);
  }

  private applyAction(deployment: DeploymentEntity, action: OperatorAction): string {
    switch (action) {
      case 'pause':
        if (deployment.state !== 'Progressing')
          throw deploymentErrors.notInState('paused', 'progressing', deployment.state);
        deployment.state = transitionDeployment(deployment.state, 'Paused');
        return 'paused by an operator';
      case 'resume':
        if (deployment.state !== 'Paused') throw deploymentErrors.notInState('resumed', 'paused', deployment.state);
        deployment.state = transitionDeployment(deployment.state, 'Progressing');
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
    const plan = deployment.plan;
    const gated = plan.rollout.waves
      .filter((_wave, index) => index > 0 && plan.rollout.waves[index - 1].gateAfter.type === 'approval')
      .map((wave) => wave.index);
    const next = gated.find((index) => !deployment.approvedWaves.includes(index));
    if (next === undefined) throw deploymentErrors.noWaveAwaitingApproval();
    return next;
  }

  private async store(
    manager: EntityManager,
    principal: Principal,
    { application, release, spec, plan }: PlannedDeployment,
    { kind, cause }: DeploymentOrigin,
  ): Promise<DeploymentEntity> {
    const clusterIds = plan.placed.map((placed) => placed.cluster.id);
    await this.assertNoActiveRollout(manager, application.id, application.name, clusterIds);
    const previous = await lastGoodReleases(manager, application.id, clusterIds);
    const common = new Set(clusterIds.map((id) => previous.get(id) ?? null));
    const waveOf = new Map(
      plan.rollout.waves.flatMap((wave) => wave.clusterIds.map((id) => [id, wave.index] as const)),
    );
    const row = await manager.save(
      manager.create(DeploymentEntity, {
        applicationId: application.id,
        releaseId: release.id,
        // The record of a fleet that ran one release before; per cluster, each target keeps its own.
        previousReleaseId: common.size === 1 ? [...common][0] : null,
        kind,
        cause: cause ?? null,
        spec,
        plan,
        state: 'Pending',
        reason: `${counted(plan.placed.length, 'cluster')} in ${counted(plan.rollout.waves.length, 'wave')}`,
        approvedWaves: [],
        cancelRequested: false,
        parked: false,
        leaseHolder: null,
        leaseExpiresAt: null,
        createdBy: principal.actor,
        finishedAt: null,
      }),
    );
    await manager.insert(
      DeploymentTargetEntity,
      plan.placed.map((placed) => ({
        deploymentId: row.id,
        clusterId: placed.cluster.id,
        clusterName: placed.cluster.name,
        previousReleaseId: previous.get(placed.cluster.id) ?? null,
        candidate: placed.cluster,
        wave: waveOf.get(placed.cluster.id) ?? 0,
        state: 'Pending' as const,
      })),
    );
    await manager.insert(DeploymentEventEntity, {
      deploymentId: row.id,
      subject: 'deployment',
      state: 'Pending',
      message: cause ? `${cause}; ${row.reason}` : row.reason,
    });
    await this.audit.record(manager, {
      action: kind === 'rollback' ? 'deployment.rollback' : 'deployment.create',
      resourceType: 'deployment',
      resourceId: row.id,
      team: application.team,
      after: {
        application: application.name,
        release: release.version,
        clusters: plan.placed.map((p) => p.cluster.name),
        spec,
        ...(cause ? { cause } : {}),
      },
    });
    return row;
  }

  /** One active deployment per application and cluster: two would apply over each other under the same field manager. */
  private async assertNoActiveRollout(
    manager: EntityManager,
    applicationId: string,
    applicationName: string,
    clusterIds: string[],
  ): Promise<void> {
    const busy = await activeRolloutsOn(manager, applicationId, clusterIds);
    if (busy.length === 0) return;
    throw deploymentErrors.stillActive(
      busy[0].id,
      applicationName,
      busy.map((row) => ({ id: row.id, cluster: row.cluster_name })),
    );
  }

  private async commonPreviousRelease(targets: DeploymentTargetEntity[]): Promise<ReleaseEntity | undefined> {
    const ids = [...new Set(targets.flatMap((target) => target.previousReleaseId ?? []))];
    if (ids.length <= 1)
      return ids[0] ? this.dataSource.getRepository(ReleaseEntity).findOneByOrFail({ id: ids[0] }) : undefined;
    const versions = (await this.dataSource.getRepository(ReleaseEntity).findBy({ id: In(ids) })).map((r) => r.version);
    throw deploymentErrors.severalPreviousReleases(versions.sort());
  }
}

/** `1 cluster`, `3 clusters`. */
function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
