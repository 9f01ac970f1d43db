import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { paginate } from '@fleetplane/http';
import type { Principal } from '@fleetplane/http';
import { AuditEventEntity } from '@fleetplane/persistence';
import { CurrentPrincipal, RequireRole, teamPolicy } from '@fleetplane/security';
import { DataSource } from 'typeorm';
import { AuditEventView, AuditPage, AuditQuery } from './dto/audit.dto';

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @RequireRole('viewer')
  @ApiOperation({ summary: "Read the audit log, newest first (the caller's team; everything for platform admins)" })
  @ApiOkResponse({ type: AuditPage })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: AuditQuery): Promise<AuditPage> {
    const builder = this.dataSource.getRepository(AuditEventEntity).createQueryBuilder('event');
    const own = teamPolicy.listedTeam(principal);
    if (own !== undefined) builder.andWhere('event.team = :own', { own });
    const filters: Array<[keyof AuditQuery, string]> = [
      ['action', 'event.action = :action'],
      ['resourceType', 'event.resourceType = :resourceType'],
      ['resourceId', 'event.resourceId = :resourceId'],
      ['actor', 'event.actor = :actor'],
      ['team', 'event.team = :team'],
      ['requestId', 'event.requestId = :requestId'],
      ['since', 'event.at >= :since'],
      ['until', 'event.at < :until'],
    ];
    for (const [field, condition] of filters)
      if (query[field] !== undefined) builder.andWhere(condition, { [field]: query[field] });
    const { items, nextCursor } = await paginate(builder, query, {
      time: 'event.at',
      id: 'event.id',
      timeOf: (e) => e.at,
      idOf: (e) => e.id,
    });
    return { items: items.map(AuditEventView.of), nextCursor };
  }
}
