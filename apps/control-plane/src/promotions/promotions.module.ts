import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications/applications.module';
import { DeploymentsModule } from '../deployments/deployments.module';
import { AutoPromoter } from './engine/auto-promoter';
import { DeploymentDeploys } from './engine/deployment-deploys';
import { PromotionDriver } from './engine/promotion-driver';
import { PromotionGates } from './engine/promotion-gates';
import { PromotionJournal } from './engine/promotion-journal';
import { PromotionKicker } from './engine/promotion-kicker';
import { PromotionRunner } from './engine/promotion-runner';
import { PromotionStore } from './engine/promotion-store';
import { PromotionVerification } from './engine/promotion-verification';
import { EnvironmentDiff } from './environments/environment-diff';
import { EnvironmentPins } from './environments/environment-pins';
import { EnvironmentTimeline } from './environments/environment-timeline';
import { EnvironmentsController } from './environments/environments.controller';
import { EnvironmentsService } from './environments/environments.service';
import { NotificationTargets } from './notifications/notification-targets';
import { NotificationTargetsController } from './notifications/notification-targets.controller';
import { PromotionOutbox } from './notifications/promotion-outbox';
import { WebhookDeliveries } from './notifications/webhook-deliveries';
import { WebhookSender } from './notifications/webhook-sender';
import { PipelinesController } from './pipelines/pipelines.controller';
import { PipelinesService } from './pipelines/pipelines.service';
import { PromotionDecisions } from './promotions/promotion-decisions';
import { PromotionEvents } from './promotions/promotion-events';
import { PromotionRequests } from './promotions/promotion-requests';
import { PromotionsController } from './promotions/promotions.controller';
import { PromotionsService } from './promotions/promotions.service';

/** Environments, pipelines through them, and promotions of releases between them (driven like rollouts). */
@Module({
  imports: [ApplicationsModule, DeploymentsModule],
  controllers: [EnvironmentsController, NotificationTargetsController, PipelinesController, PromotionsController],
  providers: [
    EnvironmentsService,
    EnvironmentPins,
    EnvironmentDiff,
    EnvironmentTimeline,
    PipelinesService,
    PromotionsService,
    PromotionRequests,
    PromotionDecisions,
    PromotionEvents,
    PromotionStore,
    PromotionGates,
    PromotionRunner,
    PromotionDriver,
    PromotionKicker,
    PromotionJournal,
    PromotionVerification,
    DeploymentDeploys,
    AutoPromoter,
    NotificationTargets,
    PromotionOutbox,
    WebhookDeliveries,
    WebhookSender,
  ],
})
export class PromotionsModule {}
