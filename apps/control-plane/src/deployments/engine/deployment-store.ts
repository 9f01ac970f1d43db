import { Injectable } from '@nestjs/common';
import {
  DeploymentSnapshot,
  DeploymentState,
  TargetState,
  transitionDeployment,
  transitionTarget,
} from '@fleetplane/fanout';
import {
  ApplicationEntity,
  DeploymentEntity,
  DeploymentEventEntity,
  DeploymentTargetEntity,
  ReleaseEntity,
} from '@fleetplane/persistence';
import { DataSource, In } from 'typeorm';
import { StoredPlan } from '../deployment-plan';

export interface LoadedDeployment {
  deployment: DeploymentEntity;
  application: ApplicationEntity;
  release: ReleaseEntity;
  previousRelease: ReleaseEntity | null;
  targets: DeploymentTargetEntity[];
}

/**
 * Every write of the rollout state machine: each transition is checked against the machine's rules and
 * stored with its event in one transaction, and only while this replica still holds the deployment's lease.
 */
@Injectable()
export class DeploymentStore {
  constructor(private readonly dataSource: DataSource) {}

  async load(id: string): Promise<LoadedDeployment> {
    const deployment = await this.dataSource.getRepository(DeploymentEntity).findOneByOrFail({ id });
    const application = await this.dataSource
      .getRepository(ApplicationEntity)
      .findOneByOrFail({ id: deployment.applicationId });
    const release = await this.dataSource.getRepository(ReleaseEntity).findOneByOrFail({ id: deployment.releaseId });
    const previousRelease = deployment.previousReleaseId
      ? await this.dataSource.getRepository(ReleaseEntity).findOneBy({ id: deployment.previousReleaseId })
      : null;
    const targets = await this.dataSource
      .getRepository(DeploymentTargetEntity)
      .find({ where: { deploymentId: id }, order: { clusterName: 'ASC' } });
    return { deployment, application, release, previousRelease, targets };
  }

  snapshotOf(loaded: LoadedDeployment, now = Date.now()): DeploymentSnapshot {
    return {
      state: loaded.deployment.state as DeploymentState,
      plan: (loaded.deployment.plan as unknown as StoredPlan).rollout,
      targets: loaded.targets.map((target) => ({
        clusterId: target.clusterId,
        state: target.state as TargetState,
        since: target.stateSince.getTime(),
      })),
      approvedWaves: loaded.deployment.approvedWaves,
      cancelRequested: loaded.deployment.cancelRequested,
      now,
    };
  }

  async moveDeployment(
    deployment: DeploymentEntity,
    to: DeploymentState,
    reason: string,
    holder: string,
  ): Promise<void> {
    transitionDeployment(deployment.state as DeploymentState, to);
    await this.dataSource.transaction(async (manager) => {
      const finished = ['Succeeded', 'PartiallyFailed', 'Failed', 'RolledBack', 'Cancelled'].includes(to);
      const result = await manager.update(
        DeploymentEntity,
        { id: deployment.id, leaseHolder: holder },
        {
          state: to,
          reason,
          finishedAt: finished ? new Date() : null,
          ...(finished ? { leaseHolder: null, leaseExpiresAt: null } : {}),
        },
      );
      if (!result.affected) throw new LeaseLost(deployment.id);
      await manager.insert(DeploymentEventEntity, {
        deploymentId: deployment.id,
        subject: 'deployment',
        state: to,
        message: reason,
      });
    });
    deployment.state = to;
    deployment.reason = reason;
  }

  async park(deployment: DeploymentEntity, reason: string, holder: string): Promise<void> {
    await this.dataSource
      .getRepository(DeploymentEntity)
      .update(
        { id: deployment.id, leaseHolder: holder },
        { parked: true, reason, leaseHolder: null, leaseExpiresAt: null },
      );
    await this.dataSource
      .getRepository(DeploymentEventEntity)
      .insert({ deploymentId: deployment.id, subject: 'deployment', state: deployment.state, message: reason });
  }

  /** Moves targets (all from one state) and records an event per cluster. */
  async moveTargets(
    targets: DeploymentTargetEntity[],
    to: TargetState,
    message: string,
    extra: Partial<DeploymentTargetEntity> = {},
  ): Promise<void> {
    if (targets.length === 0) return;
    for (const target of targets) transitionTarget(target.state as TargetState, to);
    const now = new Date();
    await this.dataSource.transaction(async (manager) => {
      await manager.update(DeploymentTargetEntity, { id: In(targets.map((target) => target.id)) }, {
        state: to,
        stateSince: now,
        ...extra,
      } as never);
      await manager.insert(
        DeploymentEventEntity,
        targets.map((target) => ({
          deploymentId: target.deploymentId,
          subject: target.clusterName,
          state: to,
          message,
        })),
      );
    });
    for (const target of targets) Object.assign(target, { state: to, stateSince: now, ...extra } as never);
  }

  /** Saves progress inside a state (applied objects, readiness, attempts) without a transition. */
  async saveTarget(target: DeploymentTargetEntity, fields: Partial<DeploymentTargetEntity>): Promise<void> {
    await this.dataSource.getRepository(DeploymentTargetEntity).update({ id: target.id }, fields as never);
    Object.assign(target, fields);
  }

  /**
   * Claims one deployment that needs driving and nobody drives (never held, or its holder stopped
   * heart-beating): `FOR UPDATE SKIP LOCKED`, so replicas claiming together each get a different one.
   */
  async claim(holder: string, leaseMs: number): Promise<string | undefined> {
    const rows = await this.updateReturning(
      `UPDATE deployments SET lease_holder = $1, lease_expires_at = now() + $2 * interval '1 millisecond'
       WHERE id = (
         SELECT id FROM deployments
         WHERE state IN ('Pending', 'Progressing', 'RollingBack', 'Paused') AND NOT parked
           AND (lease_expires_at IS NULL OR lease_expires_at < now())
         ORDER BY created_at
         FOR UPDATE SKIP LOCKED
         LIMIT 1)
       RETURNING id`,
      [holder, leaseMs],
    );
    return rows[0]?.id;
  }

  /** Renews the lease; false when another replica has taken it over (this one must stop driving). */
  async heartbeat(id: string, holder: string, leaseMs: number): Promise<boolean> {
    const rows = await this.updateReturning(
      `UPDATE deployments SET lease_expires_at = now() + $3 * interval '1 millisecond' WHERE id = $1 AND lease_holder = $2 RETURNING id`,
      [id, holder, leaseMs],
    );
    return rows.length > 0;
  }

  /** TypeORM answers an UPDATE with `[rows, affected]` rather than the rows alone. */
  private async updateReturning(sql: string, parameters: unknown[]): Promise<Array<{ id: string }>> {
    const [rows] = (await this.dataSource.query(sql, parameters)) as [Array<{ id: string }>, number];
    return rows;
  }

  async release(id: string, holder: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE deployments SET lease_holder = NULL, lease_expires_at = NULL WHERE id = $1 AND lease_holder = $2`,
      [id, holder],
    );
  }
}

export class LeaseLost extends Error {
  constructor(id: string) {
    super(`the lease on deployment ${id} was lost to another replica`);
  }
}
