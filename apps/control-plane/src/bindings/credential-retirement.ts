import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { BindingCredential, RetiringCredential } from '@fleetplane/bindings';
import { activeDeploymentStates } from '@fleetplane/fanout';
import { DeploymentEntity, LeasedLoop, Leases, ServiceBindingEntity } from '@fleetplane/persistence';
import { AuditLog, SecretStore } from '@fleetplane/security';
import { DataSource, EntityManager, In } from 'typeorm';
import { activeDeploymentOf } from './rollout-guard';

/** The sweep's pace when nothing wakes it; a rotation's deployment finishing wakes it at once. */
const INTERVAL_MS = 30_000;
/**
 * A replaced credential whose rotation deployments were never recorded (the process stopped between the
 * change and starting them) is retired this long after the change, once the application has no active
 * deployment: nothing can still be rolling the old version out.
 */
const UNRECORDED_GRACE_MS = 10 * 60_000;

type StoredCredential = Extract<BindingCredential, { type: 'stored' }>;

/**
 * Retires the stored credential version a rotation replaced (deletes its secret) once every deployment
 * that rolls the new version out has reached a terminal state, however it ended: a failed or rolled-back
 * rotation still runs the new version's Secret (a rollback restores the release, not the credential; to
 * revert a credential, set the old one again). Crash-safe: what is due is found from the stored rows by
 * a sweep under a lease, woken when a deployment finishes, so a restart between the finish and the
 * retirement only delays it. Each retirement is audited as `binding.credential-retired`.
 */
@Injectable()
export class CredentialRetirement implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CredentialRetirement.name);
  private readonly loop: LeasedLoop;

  constructor(
    private readonly dataSource: DataSource,
    private readonly secrets: SecretStore,
    private readonly audit: AuditLog,
    leases: Leases,
  ) {
    this.loop = new LeasedLoop(leases, {
      lease: 'binding-credential-retirement',
      intervalMs: INTERVAL_MS,
      leaseMs: INTERVAL_MS * 2,
      round: (signal) => this.retireDue(signal),
      onRoundFailed: (error) => this.logger.warn({ err: error }, 'retiring replaced binding credentials failed'),
      onLeaseError: (error) =>
        this.logger.warn({ err: error }, 'credential retirement lease heartbeat or release failed'),
    });
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  /** A deployment finished: a replaced credential may be due now. */
  wake(): void {
    this.loop.wake();
  }

  /** Records the deployments that roll the binding's new credential out (none: nothing runs it yet). */
  async awaiting(bindingId: string, deploymentIds: string[]): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const binding = await manager.findOne(ServiceBindingEntity, {
        where: { id: bindingId },
        lock: { mode: 'pessimistic_write' },
      });
      const credential = binding?.credential;
      if (credential?.type !== 'stored' || !credential.previous || credential.previous.deployments) return;
      const previous: RetiringCredential = { ...credential.previous, deployments: deploymentIds };
      await manager.update(ServiceBindingEntity, { id: bindingId }, { credential: { ...credential, previous } });
    });
    this.loop.wake();
  }

  private async retireDue(signal: AbortSignal): Promise<void> {
    const rows = (await this.dataSource.query(
      `SELECT id FROM service_bindings WHERE credential->'previous' IS NOT NULL ORDER BY updated_at`,
    )) as Array<{ id: string }>;
    for (const { id } of rows) {
      if (signal.aborted) return;
      await this.dataSource.transaction((manager) => this.retireIfDone(manager, id));
    }
  }

  private async retireIfDone(manager: EntityManager, bindingId: string): Promise<void> {
    const binding = await manager.findOne(ServiceBindingEntity, {
      where: { id: bindingId },
      relations: { application: true },
      lock: { mode: 'pessimistic_write', tables: ['service_bindings'] },
    });
    const credential = binding?.credential;
    if (!binding || credential?.type !== 'stored' || !credential.previous) return;
    if (!(await this.rolledOut(manager, binding.applicationId, credential.previous))) return;
    await this.secrets.delete(manager, credential.previous.secretId);
    const current: StoredCredential = { ...credential };
    delete current.previous;
    await manager.update(ServiceBindingEntity, { id: binding.id }, { credential: current });
    await this.audit.record(manager, {
      action: 'binding.credential-retired',
      resourceType: 'binding',
      resourceId: `${binding.application?.name ?? binding.applicationId}/${binding.name}`,
      team: binding.team,
      after: {
        id: binding.id,
        revision: binding.revision,
        retiredVersion: credential.previous.version,
        currentVersion: credential.version,
        deployments: credential.previous.deployments ?? [],
      },
    });
  }

  /** Whether every deployment rolling the replacement out has finished (see UNRECORDED_GRACE_MS when none were recorded). */
  private async rolledOut(
    manager: EntityManager,
    applicationId: string,
    previous: RetiringCredential,
  ): Promise<boolean> {
    if (!previous.deployments) {
      const overdue = Date.now() - Date.parse(previous.since) > UNRECORDED_GRACE_MS;
      return overdue && (await activeDeploymentOf(manager, applicationId)) === undefined;
    }
    if (previous.deployments.length === 0) return true;
    const active = await manager.count(DeploymentEntity, {
      where: { id: In(previous.deployments), state: In([...activeDeploymentStates]) },
    });
    return active === 0;
  }
}
