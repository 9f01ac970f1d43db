import { Injectable } from '@nestjs/common';
import { requestContext } from '@fleetplane/http';
import { KeyedWakeups, PromotionEventEntity } from '@fleetplane/persistence';
import type { PromotionEventKind, StoredGateResult } from '@fleetplane/persistence';
import type { PromotionState } from '@fleetplane/promotion';
import { EntityManager } from 'typeorm';

/** One entry of the journal, as its writer knows it. */
export interface PromotionEventEntry {
  kind: PromotionEventKind;
  /** Who acted, when the writer knows better than the request (an automatic promotion's requester). */
  actor?: string;
  environmentId: string;
  promotionId?: string;
  applicationId?: string;
  releaseId?: string;
  state?: PromotionState;
  message: string;
  gateResults?: StoredGateResult[];
}

/**
 * The promotion events table's one writer: each entry is appended in the caller's transaction, so an event
 * exists exactly when the change it records was committed. Tells this replica's streams when a promotion's
 * history grew (`changed`, after the commit); streams still poll for what other replicas commit.
 */
@Injectable()
export class PromotionJournal {
  private readonly wakeups = new KeyedWakeups<string>();

  async append(manager: EntityManager, entry: PromotionEventEntry): Promise<void> {
    await manager.insert(PromotionEventEntity, {
      promotionId: entry.promotionId ?? null,
      environmentId: entry.environmentId,
      applicationId: entry.applicationId ?? null,
      releaseId: entry.releaseId ?? null,
      kind: entry.kind,
      state: entry.state ?? null,
      actor: entry.actor ?? requestContext.current()?.principal?.actor ?? 'system',
      message: entry.message,
      gateResults: entry.gateResults ?? null,
    });
  }

  changed(promotionId: string): void {
    this.wakeups.wake(promotionId);
  }

  /** Resolves at the promotion's next committed change on this replica or after `ms`, whichever comes first. */
  next(promotionId: string, ms: number): Promise<void> {
    return this.wakeups.wait(promotionId, ms);
  }
}

/** Whether gate results changed a gate's status: a soak counting down is no event, a soak passing is. */
export function gateResultsChanged(before: StoredGateResult[], after: StoredGateResult[]): boolean {
  const summary = (results: StoredGateResult[]) => results.map((result) => `${result.gate}:${result.status}`).join();
  return summary(before) !== summary(after);
}
