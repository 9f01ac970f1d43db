import { Injectable } from '@nestjs/common';
import { Page, Principal, paginate } from '@fleetplane/http';
import {
  ApplicationEntity,
  EnvironmentEntity,
  PromotionEntity,
  PromotionEventEntity,
  PromotionItemEntity,
  ReleaseEntity,
  rowsById,
} from '@fleetplane/persistence';
import { DataSource, In } from 'typeorm';
import { applicationErrors } from '../../applications/applications.errors';
import { EnvironmentsService } from './environments.service';
import { TimelineEntryView, TimelineQuery } from './dto/timeline.dto';

/**
 * An environment's history, newest first: what was promoted into it and from where, by whom, with which
 * gate results and outcome, and the pins (manual rollbacks) and unpins in between. Read from the
 * promotion events, so it says exactly what was committed.
 */
@Injectable()
export class EnvironmentTimeline {
  constructor(
    private readonly dataSource: DataSource,
    private readonly environments: EnvironmentsService,
  ) {}

  async list(principal: Principal, name: string, query: TimelineQuery): Promise<Page<TimelineEntryView>> {
    const environment = await this.environments.get(principal, name);
    const builder = this.dataSource
      .getRepository(PromotionEventEntity)
      .createQueryBuilder('event')
      .where('event.environmentId = :environment', { environment: environment.id });
    if (query.application) {
      const application = await this.dataSource
        .getRepository(ApplicationEntity)
        .findOneBy({ team: environment.team, name: query.application });
      if (!application) throw applicationErrors.notFound(query.application);
      builder.andWhere(
        `(event.applicationId = :application OR event.promotionId IN
          (SELECT item.promotion_id FROM promotion_items item WHERE item.application_id = :application))`,
        { application: application.id },
      );
    }
    const page = await paginate(builder, query, {
      time: 'event.at',
      id: 'event.id',
      timeOf: (event) => event.at,
      idOf: (event) => event.id,
    });
    return { items: await this.views(page.items), nextCursor: page.nextCursor };
  }

  /** Views of a page of events, in a fixed number of queries whatever its length. */
  private async views(events: PromotionEventEntity[]): Promise<TimelineEntryView[]> {
    const promotionIds = [...new Set(events.flatMap((event) => (event.promotionId ? [event.promotionId] : [])))];
    const [promotions, items] = await Promise.all([
      rowsById(this.dataSource, PromotionEntity, promotionIds),
      promotionIds.length > 0
        ? this.dataSource.getRepository(PromotionItemEntity).findBy({ promotionId: In(promotionIds) })
        : Promise.resolve([]),
    ]);
    const [sources, applications, releases] = await Promise.all([
      rowsById(
        this.dataSource,
        EnvironmentEntity,
        [...promotions.values()].map((promotion) => promotion.fromEnvironmentId),
      ),
      rowsById(this.dataSource, ApplicationEntity, [
        ...items.map((item) => item.applicationId),
        ...events.flatMap((event) => (event.applicationId ? [event.applicationId] : [])),
      ]),
      rowsById(this.dataSource, ReleaseEntity, [
        ...items.map((item) => item.releaseId),
        ...events.flatMap((event) => (event.releaseId ? [event.releaseId] : [])),
      ]),
    ]);
    return events.map((event) => {
      const promotion = event.promotionId ? promotions.get(event.promotionId) : undefined;
      const promoted = items
        .filter((item) => item.promotionId === event.promotionId)
        .map((item) => ({
          application: applications.get(item.applicationId)!.name,
          release: releases.get(item.releaseId)!.version,
        }));
      const pinned = event.applicationId
        ? [
            {
              application: applications.get(event.applicationId)!.name,
              release: event.releaseId ? releases.get(event.releaseId)!.version : null,
            },
          ]
        : [];
      return {
        id: event.id,
        at: event.at.toISOString(),
        kind: event.kind,
        promotionId: event.promotionId,
        from: promotion ? sources.get(promotion.fromEnvironmentId)!.name : null,
        applications: [...promoted, ...pinned].sort((a, b) => a.application.localeCompare(b.application)),
        state: event.state,
        actor: event.actor,
        message: event.message,
        gateResults: event.gateResults,
      };
    });
  }
}
