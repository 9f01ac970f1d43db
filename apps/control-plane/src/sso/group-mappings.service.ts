import { Injectable } from '@nestjs/common';
import { Page, PageQuery, Principal, assertIfMatch, paginate } from '@fleetplane/http';
import { SsoGroupMappingEntity, TeamEntity } from '@fleetplane/persistence';
import { AuditLog, teamPolicy } from '@fleetplane/security';
import { DataSource, EntityManager } from 'typeorm';
import { teamErrors } from '../teams/teams.errors';
import { CreateGroupMappingDto, UpdateGroupMappingDto } from './dto/group-mapping.dto';
import { ssoErrors } from './sso.errors';

const MANAGE = 'manage single sign-on group mappings';

/**
 * Which identity-provider group grants which team and role. The whole fleet's access hangs on these, so
 * only platform admins read or change them. A change applies at the next sign-in; sessions keep the grant
 * they were created with until they expire or are revoked.
 */
@Injectable()
export class GroupMappingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  async create(principal: Principal, input: CreateGroupMappingDto): Promise<SsoGroupMappingEntity> {
    teamPolicy.assertPlatformAdmin(principal, MANAGE);
    return this.dataSource.transaction(async (manager) => {
      await assertTeamExists(manager, input.team);
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(SsoGroupMappingEntity)
        .values({ group: input.group, teamName: input.team, role: input.role })
        .orIgnore()
        .returning('id')
        .execute();
      if (inserted.raw.length === 0) throw ssoErrors.groupTaken(input.group);
      const mapping = await manager.findOneByOrFail(SsoGroupMappingEntity, { group: input.group });
      await this.record(manager, 'create', mapping, { after: mapping });
      return mapping;
    });
  }

  async list(principal: Principal, page: PageQuery): Promise<Page<SsoGroupMappingEntity>> {
    teamPolicy.assertPlatformAdmin(principal, MANAGE);
    const builder = this.dataSource.getRepository(SsoGroupMappingEntity).createQueryBuilder('mapping');
    return paginate(builder, page, {
      time: 'mapping.createdAt',
      id: 'mapping.id',
      timeOf: (m) => m.createdAt,
      idOf: (m) => m.id,
    });
  }

  async get(principal: Principal, id: string): Promise<SsoGroupMappingEntity> {
    teamPolicy.assertPlatformAdmin(principal, MANAGE);
    const mapping = await this.dataSource.getRepository(SsoGroupMappingEntity).findOneBy({ id });
    if (!mapping) throw ssoErrors.mappingNotFound(id);
    return mapping;
  }

  async update(
    principal: Principal,
    id: string,
    input: UpdateGroupMappingDto,
    ifMatch: string | undefined,
  ): Promise<SsoGroupMappingEntity> {
    teamPolicy.assertPlatformAdmin(principal, MANAGE);
    return this.dataSource.transaction(async (manager) => {
      const mapping = await manager.findOne(SsoGroupMappingEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!mapping) throw ssoErrors.mappingNotFound(id);
      assertIfMatch(ifMatch, mapping.version);
      if (input.team !== undefined) await assertTeamExists(manager, input.team);
      const before = { ...mapping };
      mapping.teamName = input.team ?? mapping.teamName;
      mapping.role = input.role ?? mapping.role;
      const saved = await manager.save(mapping);
      await this.record(manager, 'update', saved, { before, after: saved });
      return saved;
    });
  }

  async remove(principal: Principal, id: string): Promise<void> {
    teamPolicy.assertPlatformAdmin(principal, MANAGE);
    await this.dataSource.transaction(async (manager) => {
      const mapping = await manager.findOne(SsoGroupMappingEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!mapping) throw ssoErrors.mappingNotFound(id);
      await manager.delete(SsoGroupMappingEntity, { id });
      await this.record(manager, 'delete', mapping, { before: mapping });
    });
  }

  private record(
    manager: EntityManager,
    change: 'create' | 'update' | 'delete',
    mapping: SsoGroupMappingEntity,
    states: { before?: SsoGroupMappingEntity; after?: SsoGroupMappingEntity },
  ): Promise<void> {
    return this.audit.record(manager, {
      action: `sso-group-mapping.${change}`,
      resourceType: 'sso-group-mapping',
      resourceId: mapping.id,
      team: mapping.teamName,
      ...states,
    });
  }
}

async function assertTeamExists(manager: EntityManager, team: string): Promise<void> {
  if (!(await manager.existsBy(TeamEntity, { name: team }))) throw teamErrors.unknown(team);
}
