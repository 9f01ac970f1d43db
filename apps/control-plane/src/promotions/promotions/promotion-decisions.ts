import { Injectable } from '@nestjs/common';
import { Principal } from '@fleetplane/http';
import { activePromotionStates, checkApprover } from '@fleetplane/promotion';
import { PromotionApprovalEntity, PromotionEntity, PromotionItemEntity } from '@fleetplane/persistence';
import { AuditLog, teamPolicy } from '@fleetplane/security';
import { DataSource } from 'typeorm';
import { DeploymentCommands } from '../../deployments/deployment-commands';
import { PromotionJournal } from '../engine/promotion-journal';
import { PromotionKicker } from '../engine/promotion-kicker';
import { PromotionMoved, PromotionStore } from '../engine/promotion-store';
import { promotionErrors } from '../promotions.errors';
import { PromotionsService } from './promotions.service';

export type Decision = 'approve' | 'decline';

/** What people do to a promotion: approve or decline it, cancel it, re-run its verification. */
@Injectable()
export class PromotionDecisions {
  constructor(
    private readonly dataSource: DataSource,
    private readonly promotions: PromotionsService,
    private readonly store: PromotionStore,
    private readonly commands: DeploymentCommands,
    private readonly audit: AuditLog,
    private readonly kicker: PromotionKicker,
    private readonly journal: PromotionJournal,
  ) {}

  /**
   * Records a decision of someone the approval policy counts: not the requester, at least its role, not
   * twice the same approval. A decline needs a comment; the driver reads the decision at once.
   */
  async decide(principal: Principal, id: string, decision: Decision, comment: string | undefined): Promise<void> {
    const visible = await this.promotions.visible(principal, id);
    teamPolicy.assertCan(principal, visible.team, { role: 'operator', to: 'decide on promotions' });
    if (decision === 'decline' && !comment?.trim()) throw promotionErrors.declineNeedsComment();
    await this.dataSource.transaction(async (manager) => {
      const promotion = await manager.findOne(PromotionEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      const policy = promotion?.gates.approvals;
      if (!promotion || !policy || !['CheckingGates', 'AwaitingApproval'].includes(promotion.state))
        throw promotionErrors.notInState(id, promotion?.state ?? 'gone', `${decision}d`, 'waiting for approvals');
      const decisions = await manager.findBy(PromotionApprovalEntity, { promotionId: id });
      const approver = principal.actor;
      const refusal = checkApprover(
        policy,
        decisions,
        { approver, role: principal.role, decision },
        {
          requester: promotion.requestedBy,
          now: new Date(),
        },
      );
      if (refusal?.code === 'already-approved') throw promotionErrors.alreadyApproved(refusal.message);
      if (refusal) throw promotionErrors.approverRefused(refusal.message);
      await manager.insert(PromotionApprovalEntity, {
        promotionId: id,
        approver,
        role: principal.role,
        decision,
        comment: comment ?? '',
      });
      await this.store.unpark(manager, id);
      await this.audit.record(manager, {
        action: `promotion.${decision}`,
        resourceType: 'promotion',
        resourceId: id,
        team: promotion.team,
        after: { decision, comment: comment ?? '' },
      });
      await this.journal.append(manager, {
        kind: decision === 'approve' ? 'approved' : 'declined',
        promotionId: id,
        environmentId: promotion.toEnvironmentId,
        state: promotion.state,
        message: comment ?? '',
      });
    });
    this.journal.changed(id);
    this.kicker.kick();
  }

  /** Cancels an active promotion; deployments it started are cancelled too (clusters not started are skipped). */
  async cancel(principal: Principal, id: string): Promise<void> {
    const promotion = await this.promotions.visible(principal, id);
    teamPolicy.assertCan(principal, promotion.team, { role: 'operator', to: 'cancel promotions' });
    if (!activePromotionStates.includes(promotion.state))
      throw promotionErrors.notInState(id, promotion.state, 'cancelled', 'still active');
    try {
      await this.store.move(promotion, 'Cancelled', `cancelled by ${principal.actor}`, null);
    } catch (error) {
      if (error instanceof PromotionMoved) throw promotionErrors.stateChanged(id, promotion.state);
      throw error;
    }
    const items = await this.dataSource.getRepository(PromotionItemEntity).findBy({ promotionId: id });
    for (const item of items) {
      if (!item.deploymentId) continue;
      await this.commands.act(principal, item.deploymentId, 'cancel').catch(() => {
        // A deployment already finished has nothing left to cancel.
      });
    }
    this.kicker.kick();
  }

  /** Restarts the verification checks of a promotion that is verifying (a fixed probe, a flaky target). */
  async rerunVerification(principal: Principal, id: string): Promise<void> {
    const visible = await this.promotions.visible(principal, id);
    teamPolicy.assertCan(principal, visible.team, { role: 'operator', to: 'verify promotions' });
    await this.dataSource.transaction(async (manager) => {
      const result = await manager.increment(PromotionEntity, { id, state: 'Verifying' }, 'verificationRound', 1);
      if (!result.affected) throw promotionErrors.notInState(id, visible.state, 're-verified', 'verifying');
      await this.audit.record(manager, {
        action: 'promotion.rerun-verification',
        resourceType: 'promotion',
        resourceId: id,
        team: visible.team,
      });
    });
    this.kicker.kick();
  }
}
