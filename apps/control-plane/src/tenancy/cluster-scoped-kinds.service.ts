import { Injectable } from '@nestjs/common';
import { Principal, domainErrors } from '@fleetplane/http';
import { ClusterScopedKindsEntity, TeamEntity } from '@fleetplane/persistence';
import { AuditLog, teamPolicy } from '@fleetplane/security';
import { DataSource } from 'typeorm';

/** Each team's cluster-scoped kinds policy: read by the team and platform admins, changed by platform admins only. */
@Injectable()
export class ClusterScopedKindsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  async get(principal: Principal, team: string): Promise<ClusterScopedKindsEntity | null> {
    if (!teamPolicy.canSee(principal, team)) throw domainErrors.notFound('Team', team);
    if (!(await this.dataSource.getRepository(TeamEntity).existsBy({ name: team })))
      throw domainErrors.notFound('Team', team);
    return this.dataSource.getRepository(ClusterScopedKindsEntity).findOneBy({ team });
  }

  async put(principal: Principal, team: string, allowedKinds: string[]): Promise<ClusterScopedKindsEntity> {
    teamPolicy.assertPlatformAdmin(principal, 'change which cluster-scoped kinds a team may use');
    return this.dataSource.transaction(async (manager) => {
      if (!(await manager.existsBy(TeamEntity, { name: team }))) throw domainErrors.notFound('Team', team);
      const before = await manager.findOneBy(ClusterScopedKindsEntity, { team });
      const saved = await manager.save(
        manager.create(ClusterScopedKindsEntity, {
          team,
          allowedKinds: [...new Set(allowedKinds)].sort(),
          updatedBy: principal.actor,
        }),
      );
      await this.audit.record(manager, {
        action: 'cluster-scoped-kinds.update',
        resourceType: 'cluster-scoped-kinds',
        resourceId: team,
        team,
        before: before ? { allowedKinds: before.allowedKinds } : null,
        after: { allowedKinds: saved.allowedKinds },
      });
      return saved;
    });
  }

  /** The kinds the team's policy lists (none without a policy). */
  async allowedKinds(team: string): Promise<string[]> {
    return (await this.dataSource.getRepository(ClusterScopedKindsEntity).findOneBy({ team }))?.allowedKinds ?? [];
  }
}
