import { Injectable } from '@nestjs/common';
import { Page, Principal, paginate } from '@fleetplane/http';
import {
  ApplicationEntity,
  EnvironmentEntity,
  PromotionApprovalEntity,
  PromotionEntity,
  PromotionItemEntity,
  ReleaseEntity,
  rowsById,
} from '@fleetplane/persistence';
import { teamPolicy } from '@fleetplane/security';
import { DataSource, In } from 'typeorm';
import { promotionErrors } from '../promotions.errors';
import { PromotionQuery, PromotionView } from './dto/promotion.dto';

/** Reads of promotions, as the principal's team may see them, in the shape the API answers. */
@Injectable()
export class PromotionsService {
  constructor(private readonly dataSource: DataSource) {}

  async list(principal: Principal, query: PromotionQuery): Promise<Page<PromotionView>> {
    const builder = this.dataSource.getRepository(PromotionEntity).createQueryBuilder('promotion');
    const team = teamPolicy.listedTeam(principal);
    if (team !== undefined) builder.andWhere('promotion.team = :team', { team });
    if (query.state) builder.andWhere('promotion.state = :state', { state: query.state });
    if (query.to)
      builder
        .innerJoin(EnvironmentEntity, 'target', 'target.id = promotion.toEnvironmentId')
        .andWhere('target.name = :to', { to: query.to });
    const page = await paginate(builder, query, {
      time: 'promotion.createdAt',
      id: 'promotion.id',
      timeOf: (promotion) => promotion.createdAt,
      idOf: (promotion) => promotion.id,
    });
    return { items: await this.views(page.items), nextCursor: page.nextCursor };
  }

  async view(principal: Principal, id: string): Promise<PromotionView> {
    return (await this.views([await this.visible(principal, id)]))[0];
  }

  /** The promotion when the principal's team may see it (404 otherwise, as for one that does not exist). */
  async visible(principal: Principal, id: string): Promise<PromotionEntity> {
    const promotion = await this.dataSource.getRepository(PromotionEntity).findOneBy({ id });
    if (!promotion || !teamPolicy.canSee(principal, promotion.team)) throw promotionErrors.promotionNotFound(id);
    return promotion;
  }

  /** Views of a page of promotions, in a fixed number of queries whatever its length. */
  private async views(promotions: PromotionEntity[]): Promise<PromotionView[]> {
    if (promotions.length === 0) return [];
    const ids = promotions.map((promotion) => promotion.id);
    const [items, approvals, environments] = await Promise.all([
      this.dataSource.getRepository(PromotionItemEntity).findBy({ promotionId: In(ids) }),
      this.dataSource
        .getRepository(PromotionApprovalEntity)
        .find({ where: { promotionId: In(ids) }, order: { at: 'ASC' } }),
      rowsById(
        this.dataSource,
        EnvironmentEntity,
        promotions.flatMap((promotion) => [promotion.fromEnvironmentId, promotion.toEnvironmentId]),
      ),
    ]);
    const [applications, releases] = await Promise.all([
      rowsById(
        this.dataSource,
        ApplicationEntity,
        items.map((item) => item.applicationId),
      ),
      rowsById(
        this.dataSource,
        ReleaseEntity,
        items.flatMap((item) => [item.releaseId, ...(item.previousReleaseId ? [item.previousReleaseId] : [])]),
      ),
    ]);
    return promotions.map((promotion) => ({
      id: promotion.id,
      team: promotion.team,
      from: environments.get(promotion.fromEnvironmentId)!.name,
      to: environments.get(promotion.toEnvironmentId)!.name,
      state: promotion.state,
      reason: promotion.reason,
      requestedBy: promotion.requestedBy,
      items: items
        .filter((item) => item.promotionId === promotion.id)
        .map((item) => ({
          application: applications.get(item.applicationId)!.name,
          release: releases.get(item.releaseId)!.version,
          previousRelease: item.previousReleaseId ? releases.get(item.previousReleaseId)!.version : null,
          deploymentId: item.deploymentId,
        }))
        .sort((a, b) => a.application.localeCompare(b.application)),
      gates: promotion.gates,
      gateResults: promotion.gateResults,
      approvals: approvals
        .filter((approval) => approval.promotionId === promotion.id)
        .map((approval) => ({
          approver: approval.approver,
          role: approval.role,
          decision: approval.decision,
          comment: approval.comment,
          at: approval.at.toISOString(),
        })),
      force: promotion.force,
      createdAt: promotion.createdAt.toISOString(),
      finishedAt: promotion.finishedAt?.toISOString() ?? null,
    }));
  }
}
