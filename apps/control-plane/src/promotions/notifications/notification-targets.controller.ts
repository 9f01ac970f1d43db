import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Idempotent, UuidParam } from '@fleetplane/http';
import type { Principal } from '@fleetplane/http';
import { CurrentPrincipal, RequireRole } from '@fleetplane/security';
import { CreateNotificationTargetDto, NotificationTargetView } from './dto/notification-target.dto';
import { NotificationTargets } from './notification-targets';

@ApiTags('environments')
@Controller('environments')
export class NotificationTargetsController {
  constructor(private readonly targets: NotificationTargets) {}

  @Post(':name/notification-targets')
  @Idempotent()
  @RequireRole('operator')
  @ApiOperation({
    summary: 'Send signed webhooks of promotions into the environment to a URL',
    description:
      'The events to send (`requested`, `awaiting-approval`, `succeeded`, `failed`) and the secret signing them (`Fleetplane-Signature`, HMAC-SHA256), stored encrypted and never returned. Each delivery is written with the promotion move it announces and retried with back-off.',
  })
  @ApiCreatedResponse({ type: NotificationTargetView })
  create(
    @CurrentPrincipal() principal: Principal,
    @Param('name') name: string,
    @Body() input: CreateNotificationTargetDto,
  ): Promise<NotificationTargetView> {
    return this.targets.create(principal, name, input);
  }

  @Get(':name/notification-targets')
  @RequireRole('viewer')
  @ApiOperation({ summary: 'The environment’s notification targets (never their secrets)' })
  @ApiOkResponse({ type: [NotificationTargetView] })
  list(@CurrentPrincipal() principal: Principal, @Param('name') name: string): Promise<NotificationTargetView[]> {
    return this.targets.list(principal, name);
  }

  @Delete(':name/notification-targets/:id')
  @HttpCode(204)
  @RequireRole('operator')
  @ApiOperation({ summary: 'Remove a notification target, its secret and the deliveries still owed to it' })
  @ApiNoContentResponse()
  async remove(
    @CurrentPrincipal() principal: Principal,
    @Param('name') name: string,
    @UuidParam('id') id: string,
  ): Promise<void> {
    await this.targets.remove(principal, name, id);
  }
}
