import { Injectable } from '@nestjs/common';
import { NotificationTargetEntity, RowLeases, WebhookDeliveryEntity } from '@fleetplane/persistence';
import { sendWebhook } from '@fleetplane/promotion';
import { SecretStore } from '@fleetplane/security';
import { DataSource } from 'typeorm';

/** Retries after the first attempt, and the back-off between them: about half a minute in all. */
const RETRIES = 4;
const INITIAL_DELAY_MS = 1_000;
const MAX_DELAY_MS = 15_000;

/**
 * The outbox's sending side: leases pending deliveries in their rows (claimed with SKIP LOCKED, so replicas
 * each get another), sends each with `sendWebhook`'s bounded retries, and stores its outcome and every
 * attempt. A delivery whose target was removed meanwhile is gone with it (cascade).
 */
@Injectable()
export class WebhookDeliveries implements RowLeases {
  constructor(
    private readonly dataSource: DataSource,
    private readonly secrets: SecretStore,
  ) {}

  /** Sends one delivery as `holder`; stores the outcome only while the lease is still its own. */
  async deliver(id: string, holder: string, signal: AbortSignal): Promise<void> {
    const delivery = await this.dataSource.getRepository(WebhookDeliveryEntity).findOneBy({ id, leaseHolder: holder });
    if (!delivery || delivery.status !== 'pending') return;
    const target = await this.dataSource
      .getRepository(NotificationTargetEntity)
      .findOneByOrFail({ id: delivery.targetId });
    const secret = await this.secrets.get<string>(this.dataSource.manager, target.secretId);
    const report = await sendWebhook({ url: target.url, secret }, delivery.event, {
      signal,
      retries: RETRIES,
      initialDelayMs: INITIAL_DELAY_MS,
      maxDelayMs: MAX_DELAY_MS,
    }).catch((error: unknown) => {
      // Stopping, or the lease was lost: the delivery stays pending for whoever holds it next.
      if (signal.aborted) return undefined;
      throw error;
    });
    if (!report) return;
    const failed = report.attempts.at(-1)?.error;
    await this.dataSource.getRepository(WebhookDeliveryEntity).update(
      { id, leaseHolder: holder },
      {
        status: report.delivered ? 'delivered' : 'failed',
        attempts: [...delivery.attempts, ...report.attempts],
        lastError: report.delivered ? null : (failed ?? report.reason),
        finishedAt: new Date(),
        leaseHolder: null,
        leaseExpiresAt: null,
      },
    );
  }

  async claim(holder: string, leaseMs: number): Promise<string | undefined> {
    const [rows] = (await this.dataSource.query(
      `UPDATE webhook_deliveries SET lease_holder = $1, lease_expires_at = now() + $2 * interval '1 millisecond'
       WHERE id = (
         SELECT id FROM webhook_deliveries
         WHERE status = 'pending' AND (lease_expires_at IS NULL OR lease_expires_at < now())
         ORDER BY created_at
         FOR UPDATE SKIP LOCKED
         LIMIT 1)
       RETURNING id`,
      [holder, leaseMs],
    )) as [Array<{ id: string }>, number];
    return rows[0]?.id;
  }

  async heartbeat(id: string, holder: string, leaseMs: number): Promise<boolean> {
    const result = await this.dataSource.query(
      `UPDATE webhook_deliveries SET lease_expires_at = now() + $3 * interval '1 millisecond'
       WHERE id = $1 AND lease_holder = $2 RETURNING id`,
      [id, holder, leaseMs],
    );
    const [rows] = result as [Array<{ id: string }>, number];
    return rows.length > 0;
  }

  async release(id: string, holder: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE webhook_deliveries SET lease_holder = NULL, lease_expires_at = NULL WHERE id = $1 AND lease_holder = $2`,
      [id, holder],
    );
  }
}
