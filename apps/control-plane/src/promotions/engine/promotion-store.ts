import { Injectable } from '@nestjs/common';
import { activePromotionStates, isTerminalPromotionState, transitionPromotion } from '@fleetplane/promotion';
import type { PromotionState } from '@fleetplane/promotion';
import { RowLeases } from '@fleetplane/persistence';
import {
  EnvironmentEntity,
  PromotionApprovalEntity,
  PromotionEntity,
  PromotionItemEntity,
  StoredGateResult,
} from '@fleetplane/persistence';
import { AuditLog } from '@fleetplane/security';
import { DataSource, EntityManager } from 'typeorm';
import { PromotionOutbox } from '../notifications/promotion-outbox';
import { PromotionJournal, gateResultsChanged } from './promotion-journal';

/** A promotion as its driver reads it at each step. */
export interface LoadedPromotion {
  promotion: PromotionEntity;
  from: EnvironmentEntity;
  to: EnvironmentEntity;
  items: PromotionItemEntity[];
  approvals: PromotionApprovalEntity[];
}

/** What a move commits besides the state: the gate results it was decided on, and writes that go with it. */
export interface MoveEffects {
  gateResults?: StoredGateResult[];
  alongside?: (manager: EntityManager) => Promise<void>;
}

/**
 * Every write of the promotion state machine. Each move is checked by `transitionPromotion`, stored with
 * its audit entry and its effects in one transaction, and only from the state the mover read: a driver
 * that lost its lease, or a move that raced a person's cancel, changes nothing and learns it
 * ({@link PromotionMoved}).
 */
@Injectable()
export class PromotionStore implements RowLeases {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly journal: PromotionJournal,
    private readonly outbox: PromotionOutbox,
  ) {}

  async load(id: string): Promise<LoadedPromotion> {
    const promotion = await this.dataSource.getRepository(PromotionEntity).findOneByOrFail({ id });
    const [from, to, items, approvals] = await Promise.all([
      this.dataSource.getRepository(EnvironmentEntity).findOneByOrFail({ id: promotion.fromEnvironmentId }),
      this.dataSource.getRepository(EnvironmentEntity).findOneByOrFail({ id: promotion.toEnvironmentId }),
      this.dataSource.getRepository(PromotionItemEntity).find({ where: { promotionId: id }, order: { id: 'ASC' } }),
      this.dataSource.getRepository(PromotionApprovalEntity).find({ where: { promotionId: id }, order: { at: 'ASC' } }),
    ]);
    return { promotion, from, to, items, approvals };
  }

  /**
   * Moves the promotion from the state it was read in to `to`, as the lease `holder` (null for a person's
   * action, which the row lock and the state check serialize instead). A terminal state ends the lease.
   */
  async move(
    promotion: PromotionEntity,
    to: PromotionState,
    reason: string,
    holder: string | null,
    effects: MoveEffects = {},
  ): Promise<void> {
    const from = promotion.state;
    transitionPromotion(from, to);
    const finished = isTerminalPromotionState(to);
    await this.dataSource.transaction(async (manager) => {
      const result = await manager.update(
        PromotionEntity,
        { id: promotion.id, state: from, ...(holder ? { leaseHolder: holder } : {}) },
        {
          state: to,
          reason,
          parked: false,
          ...(effects.gateResults ? { gateResults: effects.gateResults } : {}),
          ...(finished ? { finishedAt: new Date(), leaseHolder: null, leaseExpiresAt: null } : {}),
        },
      );
      if (!result.affected) throw new PromotionMoved(promotion.id);
      await effects.alongside?.(manager);
      await this.journal.append(manager, {
        kind: 'moved',
        promotionId: promotion.id,
        environmentId: promotion.toEnvironmentId,
        state: to,
        message: reason,
        gateResults: effects.gateResults,
      });
      await this.outbox.enqueue(manager, promotion, to, reason);
      await this.audit.record(manager, {
        action: `promotion.${to.charAt(0).toLowerCase()}${to.slice(1)}`,
        resourceType: 'promotion',
        resourceId: promotion.id,
        team: promotion.team,
        before: { state: from },
        after: { state: to, reason },
      });
    });
    this.journal.changed(promotion.id);
    this.outbox.sent();
    Object.assign(promotion, {
      state: to,
      reason,
      ...(effects.gateResults ? { gateResults: effects.gateResults } : {}),
    });
  }

  /**
   * Stores gate results and the reason without a move (a soak still running, a check retried); a gate that
   * changed status is a `gates` event, a soak counting down is not.
   */
  async note(
    promotion: PromotionEntity,
    reason: string,
    gateResults: StoredGateResult[],
    holder: string,
  ): Promise<void> {
    const changed = gateResultsChanged(promotion.gateResults, gateResults);
    await this.dataSource.transaction(async (manager) => {
      const result = await manager.update(
        PromotionEntity,
        { id: promotion.id, state: promotion.state, leaseHolder: holder },
        { reason, gateResults },
      );
      if (!result.affected) throw new PromotionMoved(promotion.id);
      if (!changed) return;
      await this.journal.append(manager, {
        kind: 'gates',
        promotionId: promotion.id,
        environmentId: promotion.toEnvironmentId,
        state: promotion.state,
        message: reason,
        gateResults,
      });
    });
    if (changed) this.journal.changed(promotion.id);
    Object.assign(promotion, { reason, gateResults });
  }

  /**
   * Parks a promotion waiting for people: no replica holds it until someone decides (or it expires). Not
   * when a decision arrived since the driver counted `decisions`: it would sit unread on a parked row.
   */
  async park(promotion: PromotionEntity, decisions: number, holder: string): Promise<boolean> {
    const parked = await this.updateReturning(
      `UPDATE promotions SET parked = true, lease_holder = NULL, lease_expires_at = NULL
       WHERE id = $1 AND lease_holder = $2 AND state = $3
         AND (SELECT count(*) FROM promotion_approvals a WHERE a.promotion_id = $1) = $4
       RETURNING id`,
      [promotion.id, holder, promotion.state, decisions],
    );
    return parked.length > 0;
  }

  /** Wakes a parked promotion for the driver (a decision was recorded in `manager`'s transaction). */
  async unpark(manager: EntityManager, id: string): Promise<void> {
    await manager.update(PromotionEntity, { id }, { parked: false });
  }

  /**
   * Claims one promotion that needs driving and nobody drives: an active one not parked, or a parked one
   * whose approvals' time ran out (it expires). `FOR UPDATE SKIP LOCKED`, so replicas each get another.
   */
  async claim(holder: string, leaseMs: number): Promise<string | undefined> {
    const rows = await this.updateReturning(
      `UPDATE promotions SET lease_holder = $1, lease_expires_at = now() + $2 * interval '1 millisecond'
       WHERE id = (
         SELECT id FROM promotions
         WHERE state = ANY($3)
           AND (NOT parked OR created_at + (gates->'approvals'->>'ttlSeconds')::int * interval '1 second' < now())
           AND (lease_expires_at IS NULL OR lease_expires_at < now())
         ORDER BY created_at
         FOR UPDATE SKIP LOCKED
         LIMIT 1)
       RETURNING id`,
      [holder, leaseMs, activePromotionStates],
    );
    return rows[0]?.id;
  }

  async heartbeat(id: string, holder: string, leaseMs: number): Promise<boolean> {
    const rows = await this.updateReturning(
      `UPDATE promotions SET lease_expires_at = now() + $3 * interval '1 millisecond' WHERE id = $1 AND lease_holder = $2 RETURNING id`,
      [id, holder, leaseMs],
    );
    return rows.length > 0;
  }

  async release(id: string, holder: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE promotions SET lease_holder = NULL, lease_expires_at = NULL WHERE id = $1 AND lease_holder = $2`,
      [id, holder],
    );
  }

  /** TypeORM answers an UPDATE with `[rows, affected]` rather than the rows alone. */
  private async updateReturning(sql: string, parameters: unknown[]): Promise<Array<{ id: string }>> {
    const [rows] = (await this.dataSource.query(sql, parameters)) as [Array<{ id: string }>, number];
    return rows;
  }
}

/** The promotion left the state its mover read (another replica, a person's cancel): the mover stops. */
export class PromotionMoved extends Error {
  constructor(id: string) {
    super(`promotion ${id} moved or changed hands meanwhile`);
  }
}
