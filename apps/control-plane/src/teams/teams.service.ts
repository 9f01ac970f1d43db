import { Injectable } from '@nestjs/common';
import { Page, PageQuery, Principal, assertIfMatch, paginate } from '@fleetplane/http';
import { TeamEntity } from '@fleetplane/persistence';
import { AuditLog, teamPolicy } from '@fleetplane/security';
import { DataSource } from 'typeorm';
import { CreateTeamDto, UpdateTeamDto } from './dto/team.dto';
import { teamErrors } from './teams.errors';

@Injectable()
export class TeamsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  async create(principal: Principal, input: CreateTeamDto): Promise<TeamEntity> {
    teamPolicy.assertPlatformAdmin(principal, 'create teams');
    return this.dataSource.transaction(async (manager) => {
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(TeamEntity)
        .values({ name: input.name, description: input.description ?? '' })
        .orIgnore()
        .returning('*')
        .execute();
      if (inserted.raw.length === 0) throw teamErrors.nameTaken(input.name);
      const team = await manager.findOneByOrFail(TeamEntity, { name: input.name });
      await this.audit.record(manager, {
        action: 'team.create',
        resourceType: 'team',
        resourceId: team.name,
        team: team.name,
        after: team,
      });
      return team;
    });
  }

  async list(principal: Principal, page: PageQuery): Promise<Page<TeamEntity>> {
    const query = this.dataSource.getRepository(TeamEntity).createQueryBuilder('team');
    const own = teamPolicy.listedTeam(principal);
    if (own !== undefined) query.where('team.name = :team', { team: own });
    return paginate(query, page, {
      time: 'team.createdAt',
      id: 'team.name',
      timeOf: (t) => t.createdAt,
      idOf: (t) => t.name,
    });
  }

  async get(principal: Principal, name: string): Promise<TeamEntity> {
    const team = await this.dataSource.getRepository(TeamEntity).findOneBy({ name });
    if (!team || !teamPolicy.canSee(principal, name)) throw teamErrors.notFound(name);
    return team;
  }

  async update(
    principal: Principal,
    name: string,
    input: UpdateTeamDto,
    ifMatch: string | undefined,
  ): Promise<TeamEntity> {
    teamPolicy.assertCan(principal, name, { role: 'admin', to: 'edit teams' });
    return this.dataSource.transaction(async (manager) => {
      const team = await manager.findOne(TeamEntity, { where: { name }, lock: { mode: 'pessimistic_write' } });
      if (!team) throw teamErrors.notFound(name);
      assertIfMatch(ifMatch, team.version);
      const before = { ...team };
      team.description = input.description;
      const saved = await manager.save(team);
      await this.audit.record(manager, {
        action: 'team.update',
        resourceType: 'team',
        resourceId: name,
        team: name,
        before,
        after: saved,
      });
      return saved;
    });
  }
}
