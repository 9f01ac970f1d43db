import { Injectable } from '@nestjs/common';
import { NotificationTargetEntity, PromotionEntity, Wakeup, WebhookDeliveryEntity } from '@fleetplane/persistence';
import type { NotificationEvent } from '@fleetplane/persistence';
import type { PromotionEventType, PromotionState } from '@fleetplane/promotion';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';

const EVENT_TYPES: Record<NotificationEvent, PromotionEventType> = {
  requested: 'promotion.requested',
  'awaiting-approval': 'promotion.awaiting_approval',
  succeeded: 'promotion.succeeded',
  failed: 'promotion.failed',
};

/** The notification a promotion entering `state` announces, if any. */
export function notificationOf(state: PromotionState): NotificationEvent | undefined {
  if (state === 'Pending') return 'requested';
  if (state === 'AwaitingApproval') return 'awaiting-approval';
  if (state === 'Succeeded') return 'succeeded';
  if (state === 'Failed') return 'failed';
  return undefined;
}

/**
 * Writes the webhook deliveries a promotion's move owes, in the move's transaction: one per target of the
 * environment it promotes into that subscribed to the event. Its writers call {@link sent} after the
 * commit, which wakes this replica's sender at once instead of at its next poll.
 */
@Injectable()
export class PromotionOutbox extends Wakeup {
  sent(): void {
    this.wake();
  }

  async enqueue(
    manager: EntityManager,
    promotion: PromotionEntity,
    state: PromotionState,
    reason: string,
  ): Promise<number> {
    const notification = notificationOf(state);
    if (!notification) return 0;
    const targets = (
      await manager.findBy(NotificationTargetEntity, { environmentId: promotion.toEnvironmentId })
    ).filter((target) => target.events.includes(notification));
    if (targets.length === 0) return 0;
    const occurredAt = new Date().toISOString();
    await manager.insert(
      WebhookDeliveryEntity,
      targets.map((target) => ({
        targetId: target.id,
        promotionId: promotion.id,
        event: {
          id: randomUUID(),
          type: EVENT_TYPES[notification],
          occurredAt,
          data: { promotion: promotion.id, team: promotion.team, state, reason, requestedBy: promotion.requestedBy },
        },
        status: 'pending' as const,
      })),
    );
    return targets.length;
  }
}
