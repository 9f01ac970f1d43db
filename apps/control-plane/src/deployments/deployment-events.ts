import { Inject, Injectable } from '@nestjs/common';
import { FLEETPLANE_CONFIG } from '@fleetplane/config';
import { DeploymentState, terminalDeploymentStates } from '@fleetplane/fanout';
import type { FleetplaneConfig } from '@fleetplane/config';
import { domainErrors } from '@fleetplane/http';
import { DataSource } from 'typeorm';
import { DeploymentChanges } from './deployment-changes';

export interface DeploymentEventMessage {
  id: string;
  type: 'deployment' | 'target';
  data: { at: string; subject: string; state: string; message: string };
}

/** The headers of an event stream, shared by every Server-Sent Events route. */
export const EVENT_STREAM_HEADERS = {
  'Content-Type': 'text/event-stream',
  'Cache-Control': 'no-cache, no-transform',
  Connection: 'keep-alive',
  // Nginx and ingress controllers built on it would otherwise hold the events back in a buffer.
  'X-Accel-Buffering': 'no',
};

const POLL_MS = 300;
const PAGE = 500;
const MAX_EVENT_ID = 2n ** 63n - 1n;

/**
 * Where a stream starts: after the `Last-Event-ID` a reconnecting client sends back, or from the first
 * event without one. An id is a bigint this stream wrote; anything else is refused (400) before the
 * stream starts, not sent to the database to fail there.
 */
export function eventsAfter(lastEventId: string | undefined): string {
  if (lastEventId === undefined || lastEventId === '') return '0';
  if (/^\d{1,19}$/.test(lastEventId) && BigInt(lastEventId) <= MAX_EVENT_ID) return lastEventId;
  throw domainErrors.validation([
    { field: 'header.Last-Event-ID', message: 'must be the id of an event of this stream' },
  ]);
}

/**
 * A deployment's events as a stream, read from the database so it works whichever replica drives the
 * rollout: at once when this replica committed a change, else every 300 ms. Starts after `afterId` (a
 * reconnecting client's Last-Event-ID) and ends once the deployment is final. A wait for a person or a
 * slow rollout may be silent for long: a comment goes out after a while without an event (15 s by default,
 * well under the minute after which common proxies drop an idle connection).
 */
@Injectable()
export class DeploymentEvents {
  constructor(
    @Inject(FLEETPLANE_CONFIG) private readonly config: FleetplaneConfig,
    private readonly dataSource: DataSource,
    private readonly changes: DeploymentChanges,
  ) {}

  /**
   * The next page of events and the deployment's state, in one statement and so from one snapshot: a
   * state read as final comes with every event committed before it (its own final event included).
   */
  private async read(deploymentId: string, afterId: string) {
    const rows = (await this.dataSource.query(
      `SELECT d.state AS deployment_state, e.id, e.at, e.subject, e.state, e.message
       FROM deployments d LEFT JOIN LATERAL (
         SELECT id, at, subject, state, message FROM deployment_events
         WHERE deployment_id = d.id AND id > $2 ORDER BY id LIMIT $3) e ON true
       WHERE d.id = $1`,
      [deploymentId, afterId, PAGE],
    )) as Array<{
      deployment_state: string;
      id: string | null;
      at: Date;
      subject: string;
      state: string;
      message: string;
    }>;
    const events: DeploymentEventMessage[] = rows.flatMap((row) =>
      row.id === null
        ? []
        : [
            {
              id: String(row.id),
              type: row.subject === 'deployment' ? ('deployment' as const) : ('target' as const),
              data: {
                at: new Date(row.at).toISOString(),
                subject: row.subject,
                state: row.state,
                message: row.message,
              },
            },
          ],
    );
    return { state: rows[0]?.deployment_state, events };
  }

  /**
   * The stream as `text/event-stream` chunks, one per poll that found something: a burst of events goes
   * out in one write rather than one write each. Ends at the deployment's end, or when `signal` fires
   * (the client left).
   */
  async *stream(deploymentId: string, afterId: string, signal: AbortSignal): AsyncGenerator<string> {
    let last = afterId;
    let sentAt = Date.now();
    while (!signal.aborted) {
      const { state, events } = await this.read(deploymentId, last);
      if (events.length > 0) {
        last = events[events.length - 1].id;
        sentAt = Date.now();
        yield events.map(formatEvent).join('');
      } else if (Date.now() - sentAt >= this.config.eventsKeepAliveMs) {
        sentAt = Date.now();
        yield ': keep-alive\n\n';
      }
      // One snapshot: a final state came with every event before it, so the stream can end with this page.
      if (state === undefined || (terminalDeploymentStates.includes(state as DeploymentState) && events.length < PAGE))
        return;
      if (events.length < PAGE) await this.changes.next(deploymentId, POLL_MS);
    }
  }
}

function formatEvent(event: DeploymentEventMessage): string {
  return `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`;
}

/** The stream's last words when reading it fails: an `error` event, as EventSource clients expect. */
export function formatStreamError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `event: error\ndata: ${JSON.stringify({ message })}\n\n`;
}
