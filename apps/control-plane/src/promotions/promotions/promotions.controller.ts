import { Body, Controller, Get, Headers, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Idempotent, Reply, UuidParam, reply } from '@fleetplane/http';
import type { Principal } from '@fleetplane/http';
import { CurrentPrincipal, RequireRole } from '@fleetplane/security';
import type { Response } from 'express';
import { EVENT_STREAM_HEADERS, eventsAfter, formatStreamError } from '../../deployments/deployment-events';
import { WebhookDeliveryView } from '../notifications/dto/notification-target.dto';
import { NotificationTargets } from '../notifications/notification-targets';
import { PromotionEvents } from './promotion-events';
import { PromotionDecisions } from './promotion-decisions';
import { PromotionRequests } from './promotion-requests';
import { PromotionsService } from './promotions.service';
import { CreatePromotionDto, DecisionDto, PromotionPage, PromotionQuery, PromotionView } from './dto/promotion.dto';

@ApiTags('promotions')
@Controller('promotions')
export class PromotionsController {
  constructor(
    private readonly promotions: PromotionsService,
    private readonly requests: PromotionRequests,
    private readonly decisions: PromotionDecisions,
    private readonly events: PromotionEvents,
    private readonly notifications: NotificationTargets,
  ) {}

  @Post()
  @Idempotent()
  @RequireRole('operator')
  @ApiOperation({
    summary: 'Promote releases from one environment to another',
    description:
      'Refused before anything is written: an unknown environment or application (422), a stage the pipeline does not have (422), a release that never became healthy in `from` or a frozen `to` (409 with the reason; an admin may `force` with a reason, audited).',
  })
  @ApiCreatedResponse({ type: PromotionView })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() input: CreatePromotionDto,
  ): Promise<Reply<PromotionView>> {
    const id = await this.requests.create(principal, input);
    return reply(await this.promotions.view(principal, id), { location: `/v1/promotions/${id}` });
  }

  @Get()
  @RequireRole('viewer')
  @ApiOperation({ summary: 'List promotions, newest first' })
  @ApiOkResponse({ type: PromotionPage })
  list(@CurrentPrincipal() principal: Principal, @Query() query: PromotionQuery): Promise<PromotionPage> {
    return this.promotions.list(principal, query);
  }

  @Get(':id')
  @RequireRole('viewer')
  @ApiOperation({ summary: 'A promotion with its items, gate results and evidence, approvals and outcome' })
  @ApiOkResponse({ type: PromotionView })
  get(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string): Promise<PromotionView> {
    return this.promotions.view(principal, id);
  }

  @Get(':id/events')
  @RequireRole('viewer')
  @ApiProduces('text/event-stream')
  @ApiOperation({
    summary: 'Live progress as Server-Sent Events (requested, moved, gates, approved, declined); ends when final',
  })
  @ApiOkResponse({
    description:
      'A text/event-stream, one event per step with its state, actor, message and gate results, each with an id for Last-Event-ID.',
  })
  async stream(
    @CurrentPrincipal() principal: Principal,
    @UuidParam('id') id: string,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    const after = eventsAfter(lastEventId);
    await this.promotions.visible(principal, id);
    response.writeHead(200, EVENT_STREAM_HEADERS).flushHeaders();
    const left = new AbortController();
    response.on('close', () => left.abort());
    try {
      for await (const chunk of this.events.stream(id, after, left.signal)) response.write(chunk);
    } catch (error) {
      response.write(formatStreamError(error));
    }
    response.end();
  }

  @Get(':id/deliveries')
  @RequireRole('viewer')
  @ApiOperation({ summary: 'The webhooks this promotion sent or owes, each with its status and every attempt' })
  @ApiOkResponse({ type: [WebhookDeliveryView] })
  deliveries(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string): Promise<WebhookDeliveryView[]> {
    return this.notifications.deliveries(principal, id);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @RequireRole('operator')
  @ApiOperation({ summary: 'Approve (not the requester; at least the role the stage asks)' })
  @ApiOkResponse({ type: PromotionView })
  async approve(
    @CurrentPrincipal() principal: Principal,
    @UuidParam('id') id: string,
    @Body() input: DecisionDto,
  ): Promise<PromotionView> {
    await this.decisions.decide(principal, id, 'approve', input.comment);
    return this.promotions.view(principal, id);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @RequireRole('operator')
  @ApiOperation({ summary: 'Decline, with a comment: the promotion is rejected' })
  @ApiOkResponse({ type: PromotionView })
  async reject(
    @CurrentPrincipal() principal: Principal,
    @UuidParam('id') id: string,
    @Body() input: DecisionDto,
  ): Promise<PromotionView> {
    await this.decisions.decide(principal, id, 'decline', input.comment);
    return this.promotions.view(principal, id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @RequireRole('operator')
  @ApiOperation({ summary: 'Cancel an active promotion and the deployments it started' })
  @ApiOkResponse({ type: PromotionView })
  async cancel(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string): Promise<PromotionView> {
    await this.decisions.cancel(principal, id);
    return this.promotions.view(principal, id);
  }

  @Post(':id/rerun-verification')
  @HttpCode(200)
  @RequireRole('operator')
  @ApiOperation({ summary: 'Restart the verification checks of a promotion that is verifying' })
  @ApiOkResponse({ type: PromotionView })
  async rerunVerification(
    @CurrentPrincipal() principal: Principal,
    @UuidParam('id') id: string,
  ): Promise<PromotionView> {
    await this.decisions.rerunVerification(principal, id);
    return this.promotions.view(principal, id);
  }
}
