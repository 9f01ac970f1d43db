import { Injectable } from '@nestjs/common';
import { Page, Principal, paginate } from '@fleetplane/http';
import { SsoSessionEntity } from '@fleetplane/persistence';
import { AuditLog, isPlatformAdmin, teamPolicy } from '@fleetplane/security';
import { DataSource } from 'typeorm';
import { SessionQuery } from './dto/session.dto';
import { sessionRecord } from './session-record';
import { ssoErrors } from './sso.errors';

/**
 * Single sign-on sessions, as people and their admins see them. A person sees and revokes their own;
 * a team's admins their team's; platform admins everyone's. Another's session reads as absent.
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  async list(principal: Principal, query: SessionQuery): Promise<Page<SsoSessionEntity>> {
    const builder = this.dataSource
      .getRepository(SsoSessionEntity)
      .createQueryBuilder('session')
      // A session whose handoff code was never redeemed never had a token: nothing to see or revoke.
      .where('session.tokenHash IS NOT NULL');
    if (principal.role === 'admin') {
      const team = teamPolicy.listedTeam(principal);
      if (team !== undefined) builder.andWhere('session.teamName = :team', { team });
    } else builder.andWhere('session.actor = :actor', { actor: principal.actor });
    if (!query.includeInactive)
      builder.andWhere('session.revokedAt IS NULL').andWhere('session.expiresAt > :now', { now: new Date() });
    return paginate(builder, query, {
      time: 'session.createdAt',
      id: 'session.id',
      timeOf: (s) => s.createdAt,
      idOf: (s) => s.id,
    });
  }

  /** Revoking one's own session takes any role; another's, an admin of its team. Revoking twice is a no-op. */
  async revoke(principal: Principal, id: string): Promise<SsoSessionEntity> {
    return this.dataSource.transaction(async (manager) => {
      const session = await manager.findOne(SsoSessionEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!session || session.tokenHash === null || !this.canSee(principal, session))
        throw ssoErrors.sessionNotFound(id);
      if (session.actor !== principal.actor)
        teamPolicy.assertCan(principal, session.teamName, { role: 'admin', to: "revoke another person's session" });
      if (session.revokedAt) return session;
      const before = sessionRecord(session);
      session.revokedAt = new Date();
      const saved = await manager.save(session);
      await this.audit.record(manager, {
        action: 'session.revoke',
        resourceType: 'session',
        resourceId: id,
        team: session.teamName,
        before,
        after: sessionRecord(saved),
      });
      return saved;
    });
  }

  /** Ends the caller's own session; an API token has none to end. */
  logout(principal: Principal): Promise<SsoSessionEntity> {
    if (!principal.person) throw ssoErrors.notASession();
    return this.revoke(principal, principal.person.sessionId);
  }

  private canSee(principal: Principal, session: SsoSessionEntity): boolean {
    if (session.actor === principal.actor || isPlatformAdmin(principal)) return true;
    return principal.role === 'admin' && principal.team === session.teamName;
  }
}
