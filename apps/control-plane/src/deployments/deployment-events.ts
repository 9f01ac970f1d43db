import { Inject, Injectable } from '@nestjs/common';
import { FLEETPLANE_CONFIG } from '@fleetplane/config';
import type { FleetplaneConfig } from '@fleetplane/config';
import { DeploymentEntity, DeploymentEventEntity } from '@fleetplane/persistence';
import { Observable } from 'rxjs';
import { DataSource, MoreThan } from 'typeorm';
import { DeploymentChanges } from './deployment-changes';

export interface DeploymentEventMessage {
  id: string;
  type: 'deployment' | 'target';
  data: { at: string; subject: string; state: string; message: string };
}

/** An SSE comment line: clients ignore it, but it keeps proxies from closing a quiet stream. */
export interface KeepAlive {
  comment: string;
}

const POLL_MS = 300;
const PAGE = 500;
const FINAL = ['Succeeded', 'PartiallyFailed', 'Failed', 'RolledBack', 'Cancelled'];

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

  stream(deploymentId: string, afterId = '0'): Observable<DeploymentEventMessage | KeepAlive> {
    return new Observable((subscriber) => {
      let last = afterId;
      let stopped = false;
      let sentAt = Date.now();
      const poll = async () => {
        while (!stopped) {
          const events = await this.dataSource.getRepository(DeploymentEventEntity).find({
            where: { deploymentId, id: MoreThan(last) },
            order: { id: 'ASC' },
            take: PAGE,
          });
          if (events.length > 0) sentAt = Date.now();
          else if (Date.now() - sentAt >= this.config.eventsKeepAliveMs) {
            subscriber.next({ comment: 'keep-alive' });
            sentAt = Date.now();
          }
          for (const event of events) {
            last = event.id;
            subscriber.next({
              id: event.id,
              type: event.subject === 'deployment' ? 'deployment' : 'target',
              data: { at: event.at.toISOString(), subject: event.subject, state: event.state, message: event.message },
            });
          }
          // The state alone: the row's plan holds every placed cluster, too much to read at each poll.
          const deployment = await this.dataSource
            .getRepository(DeploymentEntity)
            .findOne({ where: { id: deploymentId }, select: { id: true, state: true } });
          if (!deployment || (FINAL.includes(deployment.state) && events.length === 0)) return subscriber.complete();
          if (events.length < PAGE) await this.changes.next(deploymentId, POLL_MS);
        }
      };
      poll().catch((error: unknown) => subscriber.error(error));
      return () => {
        stopped = true;
      };
    });
  }
}
