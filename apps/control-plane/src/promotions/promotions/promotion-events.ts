import { Inject, Injectable } from '@nestjs/common';
import { FLEETPLANE_CONFIG } from '@fleetplane/config';
import type { FleetplaneConfig } from '@fleetplane/config';
import type { PromotionEventKind, StoredGateResult } from '@fleetplane/persistence';
import { isTerminalPromotionState } from '@fleetplane/promotion';
import type { PromotionState } from '@fleetplane/promotion';
import { DataSource } from 'typeorm';
import { PromotionJournal } from '../engine/promotion-journal';

export interface PromotionEventMessage {
  id: string;
  type: PromotionEventKind;
  data: {
    at: string;
    state: PromotionState | null;
    actor: string;
    message: string;
    gateResults: StoredGateResult[] | null;
  };
}

interface EventRow {
  promotion_state: PromotionState;
  id: string | null;
  at: Date;
  kind: PromotionEventKind;
  state: PromotionState | null;
  actor: string;
  message: string;
  gate_results: StoredGateResult[] | null;
}

const POLL_MS = 300;
const PAGE = 500;

/**
 * A promotion's events as a stream, as the deployments' stream is: read from the database so it works
 * whichever replica drives the promotion (at once when this replica committed a change, else every
 * 300 ms), starting after a reconnecting client's Last-Event-ID, ending once the promotion is final, with
 * a keep-alive comment after a silence (a promotion waiting for approvals may be silent for hours).
 */
@Injectable()
export class PromotionEvents {
  constructor(
    @Inject(FLEETPLANE_CONFIG) private readonly config: FleetplaneConfig,
    private readonly dataSource: DataSource,
    private readonly journal: PromotionJournal,
  ) {}

  /** The next page of events and the promotion's state from one snapshot: a final state comes with all its events. */
  private async read(promotionId: string, afterId: string) {
    const rows = (await this.dataSource.query(
      `SELECT p.state AS promotion_state, e.id, e.at, e.kind, e.state, e.actor, e.message, e.gate_results
       FROM promotions p LEFT JOIN LATERAL (
         SELECT id, at, kind, state, actor, message, gate_results FROM promotion_events
         WHERE promotion_id = p.id AND id > $2 ORDER BY id LIMIT $3) e ON true
       WHERE p.id = $1`,
      [promotionId, afterId, PAGE],
    )) as EventRow[];
    const events: PromotionEventMessage[] = rows.flatMap((row) =>
      row.id === null
        ? []
        : [
            {
              id: String(row.id),
              type: row.kind,
              data: {
                at: new Date(row.at).toISOString(),
                state: row.state,
                actor: row.actor,
                message: row.message,
                gateResults: row.gate_results,
              },
            },
          ],
    );
    return { state: rows[0]?.promotion_state, events };
  }

  /** The stream as `text/event-stream` chunks; ends at the promotion's end or when `signal` fires. */
  async *stream(promotionId: string, afterId: string, signal: AbortSignal): AsyncGenerator<string> {
    let last = afterId;
    let sentAt = Date.now();
    while (!signal.aborted) {
      const { state, events } = await this.read(promotionId, last);
      if (events.length > 0) {
        last = events[events.length - 1].id;
        sentAt = Date.now();
        yield events.map(formatEvent).join('');
      } else if (Date.now() - sentAt >= this.config.eventsKeepAliveMs) {
        sentAt = Date.now();
        yield ': keep-alive\n\n';
      }
      if (state === undefined || (isTerminalPromotionState(state) && events.length < PAGE)) return;
      if (events.length < PAGE) await this.journal.next(promotionId, POLL_MS);
    }
  }
}

function formatEvent(event: PromotionEventMessage): string {
  return `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`;
}
