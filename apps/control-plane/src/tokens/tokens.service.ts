import { Injectable } from '@nestjs/common';
import { Page, Principal, paginate } from '@fleetplane/http';
import { ApiTokenEntity, TeamEntity } from '@fleetplane/persistence';
import { AuditLog, generateToken, hashToken, teamPolicy, tokenHint } from '@fleetplane/security';
import { DataSource, EntityManager } from 'typeorm';
import { teamErrors } from '../teams/teams.errors';
import { CreateTokenDto, TokenQuery } from './dto/token.dto';
import { tokenErrors } from './tokens.errors';

const DAY_MS = 24 * 60 * 60 * 1000;
const DEFAULT_LIFETIME_DAYS = 90;

@Injectable()
export class TokensService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  async create(principal: Principal, input: CreateTokenDto): Promise<{ token: string; entity: ApiTokenEntity }> {
    const team = input.team ?? principal.team;
    teamPolicy.assertCan(principal, team, { role: 'admin', to: 'create tokens' });
    teamPolicy.assertCan(principal, team, { role: input.role, to: `grant the ${input.role} role` });
    const token = generateToken();
    const entity = await this.dataSource.transaction(async (manager) => {
      if (!(await manager.existsBy(TeamEntity, { name: team }))) throw teamErrors.unknown(team);
      const created = await this.insert(manager, {
        name: input.name,
        teamName: team,
        role: input.role,
        token,
        lifetimeDays: input.expiresInDays ?? DEFAULT_LIFETIME_DAYS,
        createdBy: principal.actor,
      });
      await this.audit.record(manager, {
        action: 'token.create',
        resourceType: 'token',
        resourceId: created.id,
        team,
        after: created,
      });
      return created;
    });
    return { token, entity };
  }

  /** Shared with the first-start bootstrap, which has no caller to attribute the token to. */
  async insert(
    manager: EntityManager,
    spec: {
      name: string;
      teamName: string;
      role: ApiTokenEntity['role'];
      token: string;
      lifetimeDays: number;
      createdBy: string;
    },
  ): Promise<ApiTokenEntity> {
    const row = manager.create(ApiTokenEntity, {
      name: spec.name,
      teamName: spec.teamName,
      role: spec.role,
      tokenHash: hashToken(spec.token),
      tokenHint: tokenHint(spec.token),
      expiresAt: new Date(Date.now() + spec.lifetimeDays * DAY_MS),
      createdBy: spec.createdBy,
      revokedAt: null,
      lastUsedAt: null,
    });
    return manager.save(row);
  }

  async list(principal: Principal, query: TokenQuery): Promise<Page<ApiTokenEntity>> {
    const builder = this.dataSource.getRepository(ApiTokenEntity).createQueryBuilder('token');
    const own = teamPolicy.listedTeam(principal);
    if (own !== undefined) builder.andWhere('token.teamName = :own', { own });
    if (query.team) builder.andWhere('token.teamName = :team', { team: query.team });
    if (query.role) builder.andWhere('token.role = :role', { role: query.role });
    if (!query.includeRevoked) builder.andWhere('token.revokedAt IS NULL');
    return paginate(builder, query, {
      time: 'token.createdAt',
      id: 'token.id',
      timeOf: (t) => t.createdAt,
      idOf: (t) => t.id,
    });
  }

  async get(principal: Principal, id: string): Promise<ApiTokenEntity> {
    const token = await this.dataSource.getRepository(ApiTokenEntity).findOneBy({ id });
    if (!token || !teamPolicy.canSee(principal, token.teamName)) throw tokenErrors.notFound(id);
    return token;
  }

  /** A token may always revoke itself; otherwise revoking takes an admin of the token's team. Revoking twice is a no-op. */
  async revoke(principal: Principal, id: string): Promise<ApiTokenEntity> {
    return this.dataSource.transaction(async (manager) => {
      const token = await manager.findOne(ApiTokenEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!token || !teamPolicy.canSee(principal, token.teamName)) throw tokenErrors.notFound(id);
      if (token.id !== principal.tokenId)
        teamPolicy.assertCan(principal, token.teamName, { role: 'admin', to: 'revoke another token' });
      if (token.revokedAt) return token;
      const before = { ...token };
      token.revokedAt = new Date();
      const saved = await manager.save(token);
      await this.audit.record(manager, {
        action: 'token.revoke',
        resourceType: 'token',
        resourceId: id,
        team: token.teamName,
        before,
        after: saved,
      });
      return saved;
    });
  }
}
