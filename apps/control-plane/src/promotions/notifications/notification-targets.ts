import { Injectable } from '@nestjs/common';
import { Principal } from '@fleetplane/http';
import { EnvironmentEntity, NotificationTargetEntity, WebhookDeliveryEntity } from '@fleetplane/persistence';
import { validateWebhookTarget } from '@fleetplane/promotion';
import { AuditLog, SecretStore } from '@fleetplane/security';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { EnvironmentsService } from '../environments/environments.service';
import { promotionErrors } from '../promotions.errors';
import { PromotionsService } from '../promotions/promotions.service';
import {
  CreateNotificationTargetDto,
  NotificationTargetView,
  WebhookDeliveryView,
} from './dto/notification-target.dto';

const SECRET_OWNER = 'notification-target';

/**
 * An environment's notification targets, and the deliveries of a promotion's webhooks. A target's secret
 * goes straight into the encrypted secret store: no answer, log line or audit entry carries it.
 */
@Injectable()
export class NotificationTargets {
  constructor(
    private readonly dataSource: DataSource,
    private readonly environments: EnvironmentsService,
    private readonly promotions: PromotionsService,
    private readonly secrets: SecretStore,
    private readonly audit: AuditLog,
  ) {}

  async create(
    principal: Principal,
    name: string,
    input: CreateNotificationTargetDto,
  ): Promise<NotificationTargetView> {
    const environment = await this.environments.get(principal, name);
    this.environments.assertCanChange(principal, environment.team);
    const problems = validateWebhookTarget({ url: input.url, secret: input.secret }, 'target');
    if (problems.length > 0)
      throw promotionErrors.invalidNotificationTarget(
        problems.map((problem) => ({ ...problem, field: problem.field.replace(/^target\./, '') })),
      );
    const target = await this.dataSource.transaction(async (manager) => {
      const id = randomUUID();
      const secretId = await this.secrets.put(manager, { type: SECRET_OWNER, id }, input.secret);
      const saved = await manager.save(
        manager.create(NotificationTargetEntity, {
          id,
          environmentId: environment.id,
          url: input.url,
          events: input.events,
          secretId,
        }),
      );
      await this.record(manager, 'environment.notification-target.create', environment, saved);
      return saved;
    });
    return view(target);
  }

  async list(principal: Principal, name: string): Promise<NotificationTargetView[]> {
    const environment = await this.environments.get(principal, name);
    const targets = await this.dataSource
      .getRepository(NotificationTargetEntity)
      .find({ where: { environmentId: environment.id }, order: { createdAt: 'ASC', id: 'ASC' } });
    return targets.map(view);
  }

  /** Removes a target, its secret and the deliveries still owed to it. */
  async remove(principal: Principal, name: string, id: string): Promise<void> {
    const environment = await this.environments.get(principal, name);
    this.environments.assertCanChange(principal, environment.team);
    await this.dataSource.transaction(async (manager) => {
      const target = await manager.findOneBy(NotificationTargetEntity, { id, environmentId: environment.id });
      if (!target) throw promotionErrors.notificationTargetNotFound(name, id);
      await manager.delete(NotificationTargetEntity, { id });
      await this.secrets.delete(manager, target.secretId);
      await this.record(manager, 'environment.notification-target.delete', environment, target);
    });
  }

  /** Every webhook delivery of a promotion, oldest first, with each attempt. */
  async deliveries(principal: Principal, promotionId: string): Promise<WebhookDeliveryView[]> {
    await this.promotions.visible(principal, promotionId);
    const deliveries = await this.dataSource
      .getRepository(WebhookDeliveryEntity)
      .find({ where: { promotionId }, relations: { target: true }, order: { createdAt: 'ASC', id: 'ASC' } });
    return deliveries.map((delivery) => ({
      id: delivery.id,
      eventId: delivery.event.id,
      event: delivery.event.type,
      targetId: delivery.targetId,
      url: delivery.target!.url,
      status: delivery.status,
      attempts: delivery.attempts,
      lastError: delivery.lastError,
      createdAt: delivery.createdAt.toISOString(),
      finishedAt: delivery.finishedAt?.toISOString() ?? null,
    }));
  }

  private record(
    manager: EntityManager,
    action: string,
    environment: EnvironmentEntity,
    target: NotificationTargetEntity,
  ): Promise<void> {
    return this.audit.record(manager, {
      action,
      resourceType: 'notification-target',
      resourceId: target.id,
      team: environment.team,
      after: { environment: environment.name, url: target.url, events: target.events },
    });
  }
}

function view(target: NotificationTargetEntity): NotificationTargetView {
  return { id: target.id, url: target.url, events: target.events, createdAt: target.createdAt.toISOString() };
}
