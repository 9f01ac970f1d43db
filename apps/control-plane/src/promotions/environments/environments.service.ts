import { Injectable } from '@nestjs/common';
import { Page, PageQuery, Principal, assertIfMatch, paginate } from '@fleetplane/http';
import { EnvironmentEntity, PipelineEntity, PromotionEntity, TeamEntity } from '@fleetplane/persistence';
import { AuditLog, teamPolicy } from '@fleetplane/security';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { teamErrors } from '../../teams/teams.errors';
import { promotionErrors } from '../promotions.errors';
import { CreateEnvironmentDto, UpdateEnvironmentDto } from './dto/environment.dto';
import { DEFAULT_ENVIRONMENT_STRATEGY, environmentIssues, storedFreezeWindow } from './environment-rules';

const UNIQUE_VIOLATION = '23505';

/** A team's environments: created, changed and removed by its operators, read by all its members. */
@Injectable()
export class EnvironmentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  async create(principal: Principal, input: CreateEnvironmentDto): Promise<EnvironmentEntity> {
    const team = input.team ?? principal.team;
    this.assertCanChange(principal, team);
    assertValid(input);
    return this.dataSource.transaction(async (manager) => {
      if (!(await manager.existsBy(TeamEntity, { name: team }))) throw teamErrors.unknown(team);
      const environment = manager.create(EnvironmentEntity, {
        team,
        name: input.name,
        placement: input.placement ?? {},
        strategy: input.strategy ?? DEFAULT_ENVIRONMENT_STRATEGY,
        freezeWindows: (input.freezeWindows ?? []).map(storedFreezeWindow),
        bindingsEnvironment: input.bindingsEnvironment ?? input.name,
      });
      await manager.save(environment).catch((error: unknown) => {
        if (isUniqueViolation(error)) throw promotionErrors.environmentNameTaken(input.name);
        throw error;
      });
      await this.record(manager, 'environment.create', environment, null, environment);
      return environment;
    });
  }

  async list(principal: Principal, page: PageQuery): Promise<Page<EnvironmentEntity>> {
    const query = this.dataSource.getRepository(EnvironmentEntity).createQueryBuilder('environment');
    const own = teamPolicy.listedTeam(principal);
    if (own !== undefined) query.where('environment.team = :team', { team: own });
    return paginate(query, page, {
      time: 'environment.createdAt',
      id: 'environment.id',
      timeOf: (environment) => environment.createdAt,
      idOf: (environment) => environment.id,
    });
  }

  /** The caller's team's environment of that name: another team's reads as absent. */
  async get(principal: Principal, name: string): Promise<EnvironmentEntity> {
    const environment = await this.dataSource
      .getRepository(EnvironmentEntity)
      .findOneBy({ team: principal.team, name });
    if (!environment) throw promotionErrors.environmentNotFound(name);
    return environment;
  }

  async update(
    principal: Principal,
    name: string,
    input: UpdateEnvironmentDto,
    ifMatch: string | undefined,
  ): Promise<EnvironmentEntity> {
    assertValid(input);
    return this.dataSource.transaction(async (manager) => {
      const environment = await manager.findOne(EnvironmentEntity, {
        where: { team: principal.team, name },
        lock: { mode: 'pessimistic_write' },
      });
      if (!environment) throw promotionErrors.environmentNotFound(name);
      this.assertCanChange(principal, environment.team);
      assertIfMatch(ifMatch, environment.version);
      const before = { ...environment };
      if (input.placement) environment.placement = input.placement;
      if (input.strategy) environment.strategy = input.strategy;
      if (input.freezeWindows) environment.freezeWindows = input.freezeWindows.map(storedFreezeWindow);
      if (input.bindingsEnvironment) environment.bindingsEnvironment = input.bindingsEnvironment;
      const saved = await manager.save(environment);
      await this.record(manager, 'environment.update', saved, before, saved);
      return saved;
    });
  }

  /** Refused while a pipeline stage or a promotion names the environment: their history would lose it. */
  async remove(principal: Principal, name: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const environment = await manager.findOne(EnvironmentEntity, {
        where: { team: principal.team, name },
        lock: { mode: 'pessimistic_write' },
      });
      if (!environment) throw promotionErrors.environmentNotFound(name);
      this.assertCanChange(principal, environment.team);
      const users = await this.usersOf(manager, environment);
      if (users.length > 0) throw promotionErrors.environmentInUse(name, users);
      await manager.delete(EnvironmentEntity, { id: environment.id });
      await this.record(manager, 'environment.delete', environment, environment, null);
    });
  }

  assertCanChange(principal: Principal, team: string): void {
    teamPolicy.assertCan(principal, team, { role: 'operator', to: 'change environments' });
  }

  private async usersOf(manager: EntityManager, environment: EnvironmentEntity): Promise<string[]> {
    const pipelines: Array<{ name: string }> = await manager
      .getRepository(PipelineEntity)
      .createQueryBuilder('pipeline')
      .innerJoin('pipeline.application', 'app')
      .select('app.name', 'name')
      .where('app.team = :team', { team: environment.team })
      .andWhere(`pipeline.stages @> :stage::jsonb`, { stage: JSON.stringify([{ environment: environment.name }]) })
      .getRawMany();
    const promotions = await manager
      .getRepository(PromotionEntity)
      .createQueryBuilder('promotion')
      .where('promotion.fromEnvironmentId = :id OR promotion.toEnvironmentId = :id', { id: environment.id })
      .getCount();
    return [
      ...pipelines.map((pipeline) => `the pipeline of ${pipeline.name}`),
      ...(promotions > 0 ? [`${promotions} promotion${promotions === 1 ? '' : 's'}`] : []),
    ];
  }

  private record(
    manager: EntityManager,
    action: string,
    environment: EnvironmentEntity,
    before: object | null,
    after: object | null,
  ): Promise<void> {
    return this.audit.record(manager, {
      action,
      resourceType: 'environment',
      resourceId: `${environment.team}/${environment.name}`,
      team: environment.team,
      before,
      after,
    });
  }
}

function assertValid(input: UpdateEnvironmentDto): void {
  const issues = environmentIssues(input);
  if (issues.length > 0) throw promotionErrors.invalidEnvironment(issues);
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof QueryFailedError && (error as QueryFailedError & { code?: string }).code === UNIQUE_VIOLATION;
}
