import type { ApplicationBindings } from '../../bindings/binding-resolution';
import { Injectable } from '@nestjs/common';
import {
  DeploymentSnapshot,
  DeploymentState,
  FanoutDeployment,
  Release,
  RenderedCluster,
  TargetState,
  activeDeploymentStates,
  terminalDeploymentStates,
  transitionDeployment,
  transitionTarget,
} from '@fleetplane/fanout';
import {
  ApplicationEntity,
  DeploymentEntity,
  DeploymentEventEntity,
  DeploymentTargetEntity,
  InventoryEntry,
  ReleaseEntity,
  rowsById,
} from '@fleetplane/persistence';
import { DataSource } from 'typeorm';
import { CredentialRetirement } from '../../bindings/credential-retirement';
import { DeploymentChanges } from '../deployment-changes';
import { fanoutDeploymentOf, releaseOf } from '../deployment-plan';
import { timingsOnEntering } from './target-timings';
import { TargetProgress, TargetWrite, TargetWrites } from './target-writes';

/**
 * A deployment as its driver holds it: read once when claimed, then kept current by the driver's own
 * writes (only the lease holder moves targets) and by {@link DeploymentStore.refresh} for what operators
 * change (pause, approvals, cancel).
 */
export interface LoadedDeployment {
  deployment: DeploymentEntity;
  application: ApplicationEntity;
  release: Release;
  /** What each target's cluster ran before, by release id (see DeploymentTargetEntity.previousReleaseId). */
  previousReleases: Map<string, Release>;
  /** The rendering input, rebuilt from the row once rather than per target. */
  fanout: FanoutDeployment;
  /** Renders by release and render key: targets that render alike share one (see `renderKey`). */
  renders: Map<string, RenderedCluster>;
  targets: DeploymentTargetEntity[];
  /** The application's bindings as last loaded for a target, shared by the targets applying within a moment of it. */
  bindings?: { loadedAt: number; loading: Promise<ApplicationBindings> };
}

/**
 * Every write of the rollout state machine: each transition is checked against the machine's rules and
 * stored with its event, deployment moves only while this replica still holds the deployment's lease.
 */
@Injectable()
export class DeploymentStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly writes: TargetWrites,
    private readonly changes: DeploymentChanges,
    private readonly retirement: CredentialRetirement,
  ) {}

  async load(id: string): Promise<LoadedDeployment> {
    const deployment = await this.dataSource.getRepository(DeploymentEntity).findOneByOrFail({ id });
    const application = await this.dataSource
      .getRepository(ApplicationEntity)
      .findOneByOrFail({ id: deployment.applicationId });
    const release = await this.dataSource.getRepository(ReleaseEntity).findOneByOrFail({ id: deployment.releaseId });
    const targets = await this.dataSource
      .getRepository(DeploymentTargetEntity)
      .find({ where: { deploymentId: id }, order: { clusterName: 'ASC' } });
    const previous = await rowsById(
      this.dataSource,
      ReleaseEntity,
      targets.flatMap((target) => target.previousReleaseId ?? []),
    );
    return {
      deployment,
      application,
      release: releaseOf(release, application),
      previousReleases: new Map([...previous].map(([id, row]) => [id, releaseOf(row, application)])),
      fanout: fanoutDeploymentOf(deployment, application),
      renders: new Map(),
      targets,
    };
  }

  /** Re-reads what operators may have changed since the deployment was loaded. */
  async refresh(deployment: DeploymentEntity): Promise<void> {
    const current = await this.dataSource.getRepository(DeploymentEntity).findOneOrFail({
      where: { id: deployment.id },
      select: { id: true, state: true, reason: true, approvedWaves: true, cancelRequested: true },
    });
    Object.assign(deployment, current);
  }

  snapshotOf(loaded: LoadedDeployment, now = Date.now()): DeploymentSnapshot {
    return {
      state: loaded.deployment.state as DeploymentState,
      plan: loaded.deployment.plan.rollout,
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
      const finished = terminalDeploymentStates.includes(to);
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
    this.changes.changed(deployment.id);
    // A finished deployment may be the last one rolling out a rotated credential: the old one may go now.
    if (terminalDeploymentStates.includes(to)) this.retirement.wake();
  }

  /**
   * Parks the deployment (waiting for a person: no replica holds it until they act) unless an operator
   * acted since the runner last read it: an approval, a cancel or a resume that arrived meanwhile would
   * otherwise sit unread on a parked row that nobody claims. False when it did not park (the runner reads
   * the operator's change and goes on).
   */
  async park(deployment: DeploymentEntity, reason: string, holder: string): Promise<boolean> {
    const parked = await this.updateReturning(
      `UPDATE deployments SET parked = true, reason = $3, lease_holder = NULL, lease_expires_at = NULL
       WHERE id = $1 AND lease_holder = $2 AND state = $4 AND cancel_requested = $5 AND approved_waves = $6::jsonb
       RETURNING id`,
      [
        deployment.id,
        holder,
        reason,
        deployment.state,
        deployment.cancelRequested,
        JSON.stringify(deployment.approvedWaves),
      ],
    );
    if (parked.length === 0) return false;
    await this.dataSource
      .getRepository(DeploymentEventEntity)
      .insert({ deploymentId: deployment.id, subject: 'deployment', state: deployment.state, message: reason });
    this.changes.changed(deployment.id);
    return true;
  }

  /** Moves targets and records an event per cluster. */
  async moveTargets(
    targets: DeploymentTargetEntity[],
    to: TargetState,
    message: string,
    extra: Partial<TargetProgress> = {},
  ): Promise<void> {
    for (const target of targets) transitionTarget(target.state as TargetState, to);
    await Promise.all(targets.map((target) => this.moveTarget(target, to, message, extra)));
  }

  /** Moves one target; a change of its inventory is committed with it. */
  moveTarget(
    target: DeploymentTargetEntity,
    to: TargetState,
    message: string,
    extra: Partial<TargetProgress> = {},
    inventory?: TargetWrite['inventory'],
  ): Promise<InventoryEntry[] | undefined> {
    transitionTarget(target.state as TargetState, to);
    const now = new Date();
    return this.writes.write({
      target,
      fields: { state: to, stateSince: now, ...timingsOnEntering(to, now), ...extra },
      event: message,
      inventory,
    });
  }

  /** Saves progress inside a state (attempts, retries' errors, inventory) without a transition. */
  saveTarget(
    target: DeploymentTargetEntity,
    fields: Partial<TargetProgress>,
    inventory?: TargetWrite['inventory'],
  ): Promise<InventoryEntry[] | undefined> {
    return this.writes.write({ target, fields, inventory });
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
         WHERE state = ANY($3) AND NOT parked
           AND (lease_expires_at IS NULL OR lease_expires_at < now())
         ORDER BY created_at
         FOR UPDATE SKIP LOCKED
         LIMIT 1)
       RETURNING id`,
      [holder, leaseMs, activeDeploymentStates],
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
