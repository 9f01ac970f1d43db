import { Injectable, OnModuleInit } from '@nestjs/common';
import { Principal } from '@fleetplane/http';
import { ApplicationEntity, EnvironmentEntity, EnvironmentReleaseEntity } from '@fleetplane/persistence';
import { AuditLog } from '@fleetplane/security';
import { DataSource, EntityManager, In } from 'typeorm';
import { ManualRollback, ManualRollbacks } from '../../deployments/manual-rollbacks';
import { PromotionJournal } from '../engine/promotion-journal';
import { promotionErrors } from '../promotions.errors';
import { EnvironmentsService } from './environments.service';

/**
 * Pins: a manual rollback in an environment pins the application there (the release it rolled back to,
 * who, why, when), so no automatic promotion undoes a deliberate rollback until someone unpins it.
 */
@Injectable()
export class EnvironmentPins implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rollbacks: ManualRollbacks,
    private readonly environments: EnvironmentsService,
    private readonly audit: AuditLog,
    private readonly journal: PromotionJournal,
  ) {}

  onModuleInit(): void {
    this.rollbacks.observe((manager, rollback) => this.pin(manager, rollback));
  }

  /** Pins the application in every environment of its team whose clusters the rollback touched. */
  private async pin(manager: EntityManager, rollback: ManualRollback): Promise<void> {
    const application = await manager.findOneByOrFail(ApplicationEntity, { id: rollback.applicationId });
    const environments = await manager.findBy(EnvironmentEntity, {
      team: application.team,
      bindingsEnvironment: In(rollback.clusterEnvironments),
    });
    const pinnedBy = rollback.principal.actor;
    const reason = `manual rollback of deployment ${rollback.rolledBackDeploymentId} to ${rollback.releaseVersion}`;
    for (const environment of environments) {
      await manager.query(
        `INSERT INTO environment_releases (environment_id, application_id, release_id, promotion_id, pinned, pinned_by, pin_reason, pinned_at)
         VALUES ($1, $2, $3, NULL, true, $4, $5, now())
         ON CONFLICT (environment_id, application_id) DO UPDATE SET release_id = EXCLUDED.release_id,
           promotion_id = NULL, pinned = true, pinned_by = EXCLUDED.pinned_by, pin_reason = EXCLUDED.pin_reason,
           pinned_at = EXCLUDED.pinned_at, updated_at = now()`,
        [environment.id, application.id, rollback.releaseId, pinnedBy, reason],
      );
      await this.audit.record(manager, {
        action: 'environment.pin',
        resourceType: 'environment-release',
        resourceId: `${environment.team}/${environment.name}/${application.name}`,
        team: environment.team,
        after: { release: rollback.releaseVersion, pinnedBy, reason },
      });
      await this.journal.append(manager, {
        kind: 'pinned',
        actor: pinnedBy,
        environmentId: environment.id,
        applicationId: application.id,
        releaseId: rollback.releaseId,
        message: reason,
      });
    }
  }

  /** The environment's current releases, pinned or not. */
  async releases(
    principal: Principal,
    name: string,
  ): Promise<Array<{ row: EnvironmentReleaseEntity; application: string; release: string }>> {
    const environment = await this.environments.get(principal, name);
    const rows = await this.dataSource
      .getRepository(EnvironmentReleaseEntity)
      .find({ where: { environmentId: environment.id }, relations: { application: true, release: true } });
    return rows
      .map((row) => ({ row, application: row.application!.name, release: row.release!.version }))
      .sort((a, b) => a.application.localeCompare(b.application));
  }

  /** Unpins an application in the environment: automatic promotions may move it again. */
  async unpin(principal: Principal, name: string, application: string): Promise<void> {
    const environment = await this.environments.get(principal, name);
    this.environments.assertCanChange(principal, environment.team);
    await this.dataSource.transaction(async (manager) => {
      const row = await manager
        .getRepository(EnvironmentReleaseEntity)
        .createQueryBuilder('er')
        .innerJoin('er.application', 'app')
        .where('er.environmentId = :id AND app.name = :application', { id: environment.id, application })
        .setLock('pessimistic_write')
        .getOne();
      if (!row?.pinned) throw promotionErrors.notPinned(name, application);
      const before = { pinnedBy: row.pinnedBy, reason: row.pinReason, pinnedAt: row.pinnedAt };
      await manager.update(
        EnvironmentReleaseEntity,
        { environmentId: row.environmentId, applicationId: row.applicationId },
        { pinned: false, pinnedBy: null, pinReason: null, pinnedAt: null },
      );
      await this.audit.record(manager, {
        action: 'environment.unpin',
        resourceType: 'environment-release',
        resourceId: `${environment.team}/${environment.name}/${application}`,
        team: environment.team,
        before,
      });
      await this.journal.append(manager, {
        kind: 'unpinned',
        environmentId: environment.id,
        applicationId: row.applicationId,
        message: `unpinned ${application} (pinned by ${row.pinnedBy}: ${row.pinReason})`,
      });
    });
  }
}
